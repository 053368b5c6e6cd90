/** The few strings the link card shows or announces. */
export interface LinkCardMessages {
  /** Announced while the preview loads. */
  loading: string;
  /** Appended to the link's name when it opens a new window. */
  newWindow: string;
}

const messages: LinkCardMessages = {
  loading: 'Loading the link preview',
  newWindow: '(opens in a new window)',
};
export default messages;
