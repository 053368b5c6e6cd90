import { readFileSync } from 'node:fs';

/** Reads fixtures/xss.txt (format described at its top): the payloads, in file order. */
export function readXssCorpus(): string[] {
  const file = readFileSync(new URL('./fixtures/xss.txt', import.meta.url), 'utf8');
  const payloads: string[] = [];
  for (const line of file.split('\n')) {
    if (line === '' || /^#( |$)/.test(line)) continue;
    payloads.push(line.startsWith('esc ') ? unescape(line.slice(4)) : line);
  }
  return payloads;
}

function unescape(s: string): string {
  return s.replace(/\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|(.))/g, (_m, hex?: string, uni?: string, ch?: string) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    if (uni) return String.fromCharCode(parseInt(uni, 16));
    switch (ch) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '0':
        return '\0';
      default:
        return ch ?? '';
    }
  });
}
