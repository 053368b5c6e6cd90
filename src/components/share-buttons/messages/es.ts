import type { ShareMessages } from './en-GB.js';

const messages: ShareMessages = {
  heading: 'Comparte esta entrada',
  shareOn: 'Compartir en {network}',
  newWindow: '(se abre en una ventana nueva)',
  email: 'Correo',
  emailName: 'Compartir por correo',
  copy: 'Copiar enlace',
  copied: 'Copiado',
  copiedStatus: 'Enlace copiado',
  copyFailed: 'Tu navegador no ha permitido copiar. Selecciona el enlace de abajo y cópialo a mano.',
  linkLabel: 'Enlace a esta página',
  native: 'Compartir',
  more: 'Más formas de compartir',
  server: 'Tu servidor de Mastodon',
  serverHint: 'por ejemplo, mastodon.social',
  serverError: 'Escribe la dirección de un servidor, como mastodon.social.',
  submit: 'Compartir',
  cancel: 'Cancelar',
  changeServer: 'Cambiar de servidor',
  sharedTo: 'Abierto en {server}.',
};

export default messages;
