import type { LinkCardMessages } from './en-GB.js';

const messages: LinkCardMessages = {
  loading: 'Cargando la vista previa del enlace',
  newWindow: '(se abre en una ventana nueva)',
};
export default messages;
