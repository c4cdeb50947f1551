/**
 * The catalogues of lines that mail clients write around quoted, forwarded and
 * signature text. Every pattern runs against one line (or a few joined lines) whose
 * trailing whitespace is already gone and whose non-breaking spaces are plain spaces.
 */

/** `>`-quoted lines, also `> >` and `>>`; a few clients indent the marker by a space or two. */
export const QUOTED_LINE = /^ {0,3}>/;

/** Verbs of an attribution line, one per language we recognise ("… wrote:"). */
const WROTE =
  '(?:wrote|writes|schrieb|schreibt|a écrit|a ecrit|escribió|escribio|ha scritto|scrisse|schreef|skrev|escreveu|' +
  'napisał\\(a\\)|napisała|napisał|napisal|pisze|написал\\(а\\)|написала|написал|napsal\\(a\\)|napsala|napsal|' +
  'geschrieben|geschreven|scrive|ha escrit|kirjoitti|kirjutas|írta|έγραψε|yazdı)';

/**
 * Attribution lines whose whole shape we know. They start with a date lead-in
 * ("On", "Am", "Le", …) or with the author ("Kurt <…> schrieb am …"), so an unquoted
 * one can be trusted as the start of quoted text even when no `>` follows (Yahoo,
 * some mobile clients).
 */
export const KNOWN_ATTRIBUTIONS: readonly RegExp[] = [
  /^On\b.{4,250}\b(?:wrote|writes|said)\s?:$/i,
  /^Am\b.{4,250}\bschrieb\b.{0,200}:$/i,
  /^.{1,200}\bschrieb am\b.{4,100}:$/i,
  /^.{1,200}\bhat am\b.{4,100}\bgeschrieben\s?:$/i,
  /^Le\b.{4,250}\ba [ée]crit\s?:$/i,
  /^El\b.{4,250}\bescribi[óo]\s?:$/i,
  /^Il\b.{4,250}\bha scritto\s?:$/i,
  /^Op\b.{4,250}\bschreef\b.{0,200}:$/i,
  /^Op\b.{4,250}\bhet volgende geschreven\s?:$/i,
  /^Den\b.{4,250}\bskrev\b.{0,200}:$/i,
  /^.{1,80}\b\d{1,2}:\d{2}\b.{0,30}\bskrev\b.{1,200}:$/i,
  /^Em\b.{4,250}\bescreveu\s?:$/i,
  /^W dniu\b.{4,250}\b(?:pisze|napisał\(a\)|napisała|napisał)\s?:$/i,
  /^.{1,200}\b\d{1,2}:\d{2}\b.{0,200}\bnapisał(?:\(a\)|a)?\s?:$/i,
  /^Wiadomość napisana przez\b.{4,250}:$/i,
  /^Dne\b.{4,250}\bnapsal(?:\(a\)|a)?\b.{0,200}:$/i,
];

/**
 * Any line ending in an attribution verb, or (Gmail in languages without one, e.g.
 * Russian or Japanese) a dated line ending in "<address>:", or Gmail's old short form
 * "2013/11/1 Kurt <k@example.org>"; trusted only when `>`-quoted lines follow.
 */
export const GENERIC_ATTRIBUTIONS: readonly RegExp[] = [
  new RegExp(`(?<!\\p{L})${WROTE}(?:\\s.{0,160})?\\s?[:：]$`, 'iu'),
  /(?:写道|寫道|작성|のメッセージ)\s?[:：]$/u,
  /^.{0,200}\d.{0,200}<[^>\s]+@[^>\s]+>\s?[:：]$/,
  /^\d{4}[/-]\d{1,2}[/-]\d{1,2}\b.{1,100}<[^>\s]+@[^>\s]+>$/,
];

/** Header names of the first line of an Outlook-style block, in the languages Outlook ships. */
const FROM_KEYS = [
  'From',
  'Von',
  'De',
  'Van',
  'Från',
  'Fra',
  'Da',
  'Od',
  'От',
  'Lähettäjä',
  'Feladó',
  'Afzender',
];

/** The other header names such a block carries. */
const OTHER_KEYS = [
  'Sent',
  'Date',
  'To',
  'Cc',
  'Bcc',
  'Subject',
  'Reply-To',
  'Gesendet',
  'Datum',
  'An',
  'Kopie',
  'Betreff',
  'Antwort an',
  'Envoyé',
  'Envoyé le',
  'À',
  'A',
  'Objet',
  'Enviado',
  'Enviado el',
  'Enviada em',
  'Fecha',
  'Para',
  'Asunto',
  'Assunto',
  'Verzonden',
  'Verstuurd',
  'Aan',
  'Onderwerp',
  'Inviato',
  'Data',
  'Oggetto',
  'Skickat',
  'Till',
  'Ämne',
  'Sendt',
  'Til',
  'Emne',
  'Wysłano',
  'Do',
  'Temat',
  'Отправлено',
  'Кому',
  'Тема',
];

const keyPattern = (keys: readonly string[]) =>
  // Gmail renders Outlook's bold header names as "*From:*"; French puts a space before the colon.
  new RegExp(`^\\*?(?:${keys.join('|')})\\*?\\s?:\\*?(?:\\s|$)`, 'i');

export const FROM_HEADER = keyPattern(FROM_KEYS);
export const OTHER_HEADER = keyPattern(OTHER_KEYS);
export const ANY_HEADER = keyPattern([...FROM_KEYS, ...OTHER_KEYS]);

/** "-----Original Message-----" and its translations: quoted text follows, header block or not. */
export const ORIGINAL_MESSAGE =
  /^-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Originalnachricht|Message d'origine|Mensaje original|Oorspronkelijk bericht|Messaggio originale|Mensagem original|Ursprungligt meddelande|Oprindelig meddelelse|Opprinnelig melding|Wiadomość oryginalna|Alkuperäinen viesti)\s*-{2,}$/i;

/** A visual separator that Outlook and HTML conversion put above a header block. */
export const SEPARATOR_LINE = /^(?:_{5,}|-{5,}|={5,}|\*{5,})$/;

/**
 * Lines that open a forwarded message: Gmail ("---------- Forwarded message ---------"),
 * Thunderbird ("-------- Forwarded Message --------"), Yahoo ("----- Forwarded Message -----")
 * and Apple Mail ("Begin forwarded message:"), in the languages we have seen.
 */
export const FORWARD_MARKERS: readonly RegExp[] = [
  /^-{2,}\s*(?:Forwarded message|Forwarded Message|Weitergeleitete Nachricht|Message transféré|Message transfere|Mensaje reenviado|Doorgestuurd bericht|Messaggio inoltrato|Mensagem encaminhada|Vidarebefordrat meddelande|Videresendt meddelelse|Videresendt melding|Przekazana wiadomość|Wiadomość przekazana|Välitetty viesti)\s*-{2,}$/i,
  /^(?:Begin forwarded message|Anfang der weitergeleiteten Nachricht|Début du message réexpédié|Début du message transféré|Inicio del mensaje reenviado|Begin doorgestuurd bericht|Inizio messaggio inoltrato|Início da mensagem reencaminhada|Início da mensagem encaminhada|Vidarebefordrat brev|Videresendt besked)\s?:$/i,
];

/** Subject prefixes that mark the whole message as a forward (used for Outlook, which marks nothing in the body). */
export const FORWARD_SUBJECT = /^\s*(?:\[[^\]]*\]\s*)*(?:Fwd?|FW|WG|TR|RV|ENC|Doorst|VS|VB|I|PD|Tov)\s?:/i;

/** "-- " (or "--" once a client stripped the trailing space): RFC 3676 signature separator. */
export const SIGNATURE_DELIMITER = /^--$/;

/**
 * Whole lines that mobile and webmail clients append, naming the author's own device
 * ("Sent from my iPhone"). Anchored at both ends so that prose mentioning "sent from my
 * phone" mid-sentence is left alone.
 */
export const DEVICE_SIGNATURES: readonly RegExp[] = [
  // "Sent from my desk, it is easier than my phone." is prose: only a short device name
  // counts, optionally followed by the usual apology for typos.
  /^Sent (?:from|with|via|using|by) my [\p{L}\p{N}_'’ &()-]{2,40}(?:\s*[.,;]\s*(?:please|pls|sorry|excuse|pardon|forgive)\b.{0,60})?\.?$/iu,
  /^From my (?:iPhone|iPad|Android|mobile|phone|cell|smartphone)[\p{L}\p{N}_'’ .,-]{0,30}$/iu,
  /^Get Outlook for (?:iOS|Android|Mac|Windows)\s*(?:<?https?:\/\/\S+>?)?$/iu,
  /^Von meine[mn] [\p{L}\p{N}_'’ .,-]{2,40} gesendet\.?$/iu,
  /^Diese Nachricht wurde von meinem [\p{L}\p{N}_'’ .,-]{2,80} gesendet\.?$/iu,
  /^Gesendet (?:von|mit|über) meine[mn] [\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
  /^Envoyé (?:de|depuis|à partir de) mon [\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
  /^Enviado (?:desde|do|de) (?:mi|meu) [\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
  /^Inviato da(?:l mio| iPhone| iPad)[\p{L}\p{N}_'’ .,&()-]{0,60}$/iu,
  /^(?:Verzonden|Verstuurd) (?:vanaf|met|van) mijn [\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
  /^(?:Skickat|Sendt) (?:från|fra) min [\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
  /^Wysłane z (?:mojego )?[\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
  /^(?:從我的|发自我的|來自我的).{1,30}$/u,
  /^.{1,30}から送信$/u,
];

/**
 * Looser client lines ("Sent from Mail for Windows", "Gesendet mit der WEB.DE Mail App",
 * "Sent with Airmail"). A sentence can look like these, so they count only where
 * nothing of the author's follows them.
 */
export const CLIENT_SIGNATURES: readonly RegExp[] = [
  /^Sent (?:from|with|via|using|by) (?!my\b)(?:the |a )?[\p{L}\p{N}_'’ .&()-]{2,60}$/iu,
  /^Gesendet (?:von|mit|über|vom) [\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
  /^Envoyé (?:de|depuis|à partir de|avec) [\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
  /^Enviado (?:desde|do|da|de|con|com) [\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
  /^Inviato (?:da|dal|con) [\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
  /^(?:Verzonden|Verstuurd) (?:vanaf|met|van|via) [\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
  /^(?:Skickat|Sendt) (?:från|fra|med) [\p{L}\p{N}_'’ .,&()-]{2,60}$/iu,
];

/** Mobile signature lines are sometimes wrapped: "(Sent from my phone)", "<<sent by galaxy>>". */
export const unwrapSignatureLine = (line: string): string =>
  line
    .trim()
    .replace(/^(?:\(|<<|\[)\s*(.*?)\s*(?:\)|>>|\])$/, '$1')
    .replace(/ ?<https?:\/\/[^>]*>$/, '');

/** "-Kurt" or "-Abhishek Kona": a dash glued to a name, as the author's last line. */
export const DASH_NAME_SIGNATURE = /^-\p{Lu}[\p{L}.'’-]*(?: \p{Lu}[\p{L}.'’-]*){0,2}$/u;

/** Where a list server's (or a notifier's) footer starts; it runs to the end of the message. */
export const LIST_FOOTER_LINES: readonly RegExp[] = [
  /^Reply to this email directly,? (?:or )?view it on GitHub\b/i,
  /^You are receiving this because you (?:were|are|authored|commented)\b/i,
  /^You received this message because you are subscribed to the Google Groups\b/i,
  /^To unsubscribe send an email to \S+-leave@\S+$/i,
  /^Groups\.io Links:/i,
];

/** Mailman 2/3: a line naming the list, under an underscore rule. */
export const MAILMAN_LIST_NAME = /^\S+ mailing list(?: -- \S+@\S+)?$/i;
export const MAILMAN_LINK = /\/mailman\/listinfo\/|\/postorius\/lists\/|^To unsubscribe send an email to /i;
