/**
 * Whether a minutes topic covers an agenda item: the same words, ignoring case,
 * punctuation and a trailing time box, or one title containing the other when both
 * are specific enough (a minute-taker shortens "IaaS standards v3 stabilization" to
 * "IaaS standards v3").
 */
export function sameTopic(agendaTitle: string, topicTitle: string): boolean {
  const a = normalizeTitle(agendaTitle);
  const b = normalizeTitle(topicTitle);
  if (a === '' || b === '') return false;
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= 10 && longer.includes(shorter);
}

function normalizeTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
