import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { headingAnchors, links } from '../support/markdown.js';

// What npmjs.com shows: the package.json links and the README, where a relative link or image
// breaks (npm has no repository tree to resolve it against). The repository URL is the one in
// package.json; links into it must name files that exist.
const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as {
  license: string;
  files: string[];
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
};
const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const repoPath = new URL(repo).pathname;

/** What is wrong with one link target of a published Markdown file, or undefined when it is fine. */
function problem(target: string, anchors: Set<string>): string | undefined {
  if (target.startsWith('#')) return anchors.has(decodeURIComponent(target.slice(1))) ? undefined : 'no heading has this anchor';
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return 'relative: it breaks on the npm page; link to the repository instead';
  }
  if (url.protocol === 'mailto:') return undefined;
  if (url.protocol !== 'https:') return 'not https';
  const inRepo =
    url.host === 'github.com' && url.pathname.startsWith(`${repoPath}/blob/main/`)
      ? url.pathname.slice(`${repoPath}/blob/main/`.length)
      : url.host === 'raw.githubusercontent.com' && url.pathname.startsWith(`${repoPath}/main/`)
        ? url.pathname.slice(`${repoPath}/main/`.length)
        : undefined;
  if (inRepo !== undefined && !existsSync(`${root}/${decodeURIComponent(inRepo)}`)) return `names ${inRepo}, which is not in the repository`;
  return undefined;
}

function problems(markdown: string): string[] {
  const anchors = headingAnchors(markdown);
  return links(markdown).flatMap(({ target, line, image }) => {
    const wrong = problem(target, anchors);
    return wrong ? [`line ${line}: ${image ? 'image' : 'link'} ${target}: ${wrong}`] : [];
  });
}

describe('the npm page', () => {
  it('links to the repository, its home page and its issues', () => {
    expect(pkg.repository.type).toBe('git');
    expect(repo).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(pkg.homepage).toBe(`${repo}#readme`);
    expect(pkg.bugs.url).toBe(`${repo}/issues`);
  });

  it('ships the MIT license that package.json names', () => {
    expect(pkg.license).toBe('MIT');
    const license = readFileSync(`${root}/LICENSE`, 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 model-discovery contributors\n/);
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as [{ files: { path: string }[] }];
    expect(packed.files.map((file) => file.path)).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'CHANGELOG.md']));
  });

  it.each(['README.md', ...pkg.files.filter((file) => file.endsWith('.md') && file !== 'README.md')])(
    'has only absolute links and images in the published %s, each naming a file that exists',
    (file) => {
      expect(problems(readFileSync(`${root}/${file}`, 'utf8'))).toEqual([]);
    },
  );

  it('catches a relative link or image, and only outside code', () => {
    const markdown = [
      '# Title',
      'See [the docs](docs/guide.md) and ![a picture](docs/config-page.png).',
      '<img src="docs/x.png"> and [ok](#title) but [broken](#nowhere).',
      `[gone](${repo}/blob/main/docs/missing.md) and [ref]: ./CHANGELOG.md`,
      'Text `<img src=x onerror=alert(1)>` and `[x](y.md)` in code spans.',
      '```md',
      '[inside a block](relative.md)',
      '```',
    ].join('\n');

    expect(problems(markdown)).toEqual([
      'line 2: link docs/guide.md: relative: it breaks on the npm page; link to the repository instead',
      'line 2: image docs/config-page.png: relative: it breaks on the npm page; link to the repository instead',
      'line 3: link #nowhere: no heading has this anchor',
      'line 3: image docs/x.png: relative: it breaks on the npm page; link to the repository instead',
      `line 4: link ${repo}/blob/main/docs/missing.md: names docs/missing.md, which is not in the repository`,
    ]);
  });
});
