/**
 * Just enough Markdown reading for the documentation tests: fenced code blocks with their line
 * numbers, and the links and images of the prose (code blocks and code spans left out, since a
 * `<img src=x>` inside backticks is text, not an image).
 */

export interface CodeBlock {
  /** The fence's info string, e.g. `ts`. */
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  /** The `<!-- snippet: ... -->` directive on the line before the fence (blank lines allowed between), if any. */
  directive: string | undefined;
}

export interface Link {
  target: string;
  line: number;
  image: boolean;
}

const FENCE = /^ {0,3}(```+|~~~+)\s*([^\s`]*)/;
const DIRECTIVE = /^<!--\s*snippet:\s*(.*?)\s*-->\s*$/;

export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.trimStart().startsWith(fence)) body.push(lines[j++]!);
    let k = i - 1;
    while (k >= 0 && lines[k]!.trim() === '') k--;
    const directive = k >= 0 ? DIRECTIVE.exec(lines[k]!.trim())?.[1] : undefined;
    blocks.push({ lang: open[2]!.toLowerCase(), line: i + 1, code: body.join('\n'), directive });
    i = j;
  }
  return blocks;
}

/** The lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const prose: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    if (fence !== undefined) {
      if (text.trimStart().startsWith(fence)) fence = undefined;
      return;
    }
    const open = FENCE.exec(text);
    if (open) fence = open[1]!;
    else prose.push({ text, line: index + 1 });
  });
  return prose;
}

/** Every link and image target of the prose: `[t](x)`, `![a](x)`, `[t]: x`, `<a href>`, `<img src>`. */
export function links(markdown: string): Link[] {
  const found: Link[] = [];
  for (const { text, line: number } of proseLines(markdown)) {
    const line = text.replace(/(`+)[\s\S]*?\1/g, '');
    const push = (target: string, image: boolean) => found.push({ target, line: number, image });
    for (const match of line.matchAll(/(!?)\[(?:[^\]]|\][^(])*?\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) push(match[2]!, match[1] === '!');
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)/.exec(line);
    if (definition) push(definition[1]!, false);
    for (const match of line.matchAll(/<a\s[^>]*href\s*=\s*["']?([^"'\s>]+)/gi)) push(match[1]!, false);
    for (const match of line.matchAll(/<img\s[^>]*src\s*=\s*["']?([^"'\s>]+)/gi)) push(match[1]!, true);
  }
  return found;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (!heading) continue;
    const base = heading[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let slug = base;
    for (let n = 1; anchors.has(slug); n++) slug = `${base}-${n}`;
    anchors.add(slug);
  }
  return anchors;
}
