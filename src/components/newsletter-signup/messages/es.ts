import type { NewsletterMessages } from './en-GB.js';

const messages: NewsletterMessages = {
  heading: 'Suscríbete al boletín',
  pitch: 'Nuevas entradas y novedades por correo, de vez en cuando. Puedes darte de baja cuando quieras.',
  email: 'Correo electrónico',
  name: 'Nombre (opcional)',
  consent: 'Acepto recibir este boletín por correo electrónico y sé que puedo darme de baja en cualquier momento.',
  privacy: 'Lee la [política de privacidad].',
  submit: 'Suscribirme',
  sending: 'Enviando…',
  checkInbox: 'Revisa tu bandeja de entrada',
  pending:
    'Hemos enviado un enlace a {email}. Ábrelo para confirmar tu suscripción. Si no llega en unos minutos, busca en la carpeta de spam.',
  change: 'Usar otra dirección',
  emailRequired: 'Escribe tu dirección de correo electrónico.',
  emailInvalid: 'Escribe una dirección de correo como nombre@example.com.',
  disposable: 'Usa una dirección de correo permanente, no una desechable.',
  tooLong: 'Usa como máximo {max} caracteres.',
  nameLink: 'No incluyas enlaces en tu nombre.',
  nameInvalid: 'Quita los saltos de línea y los caracteres especiales de tu nombre.',
  consentRequired: 'Marca la casilla para aceptar recibir el boletín.',
  fix: 'Corrige los campos marcados.',
  network: 'No se ha podido conectar con el servidor. Comprueba tu conexión e inténtalo de nuevo.',
  tooMany: 'Demasiados intentos. Espera unos minutos e inténtalo de nuevo.',
  failed: 'Algo ha salido mal. Inténtalo de nuevo.',
  trap: 'Deja este campo vacío',
};

export default messages;
