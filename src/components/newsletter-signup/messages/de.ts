import type { NewsletterMessages } from './en-GB.js';

const messages: NewsletterMessages = {
  heading: 'Newsletter abonnieren',
  pitch: 'Neue Beiträge und Neuigkeiten ab und zu per E-Mail. Jederzeit abbestellbar.',
  email: 'E-Mail-Adresse',
  name: 'Vorname (optional)',
  consent: 'Ich möchte diesen Newsletter per E-Mail erhalten und weiß, dass ich ihn jederzeit abbestellen kann.',
  privacy: 'Zur [Datenschutzerklärung].',
  submit: 'Abonnieren',
  sending: 'Wird gesendet …',
  checkInbox: 'Bitte prüfen Sie Ihr Postfach',
  pending:
    'Wir haben einen Link an {email} geschickt. Öffnen Sie ihn, um Ihr Abonnement zu bestätigen. Falls er in ein paar Minuten nicht da ist, sehen Sie im Spam-Ordner nach.',
  change: 'Andere Adresse verwenden',
  emailRequired: 'Geben Sie Ihre E-Mail-Adresse ein.',
  emailInvalid: 'Geben Sie eine E-Mail-Adresse wie name@example.com ein.',
  disposable: 'Verwenden Sie eine dauerhafte E-Mail-Adresse, keine Wegwerfadresse.',
  tooLong: 'Verwenden Sie höchstens {max} Zeichen.',
  nameLink: 'Bitte keine Links im Namen.',
  nameInvalid: 'Entfernen Sie Zeilenumbrüche und Sonderzeichen aus Ihrem Namen.',
  consentRequired: 'Setzen Sie das Häkchen, um dem Newsletter zuzustimmen.',
  fix: 'Bitte korrigieren Sie die markierten Felder.',
  network: 'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  tooMany: 'Zu viele Versuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.',
  failed: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  trap: 'Dieses Feld leer lassen',
};

export default messages;
