/** The booking id and manage token a confirmation link carries: `/manage#booking=<id>&token=<token>`. */
export interface ManageLink {
  id: string;
  token: string;
}

/**
 * Reads the link's fragment. The token stays in the fragment, so it never reaches server logs or a Referer header.
 * Either part missing gives '' for it.
 */
export function readManageLink(hash: string): ManageLink {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return { id: params.get('booking')?.trim() ?? '', token: params.get('token')?.trim() ?? '' };
}
