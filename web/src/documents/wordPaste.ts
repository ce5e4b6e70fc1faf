/**
 * Microsoft Word puts lists on the clipboard as paragraphs, not lists: each item is a
 * `<p style="mso-list:l0 level2 lfo1">` that starts with its bullet or number as text, inside
 * `<span style="mso-list:Ignore">` (and, for Word's own use, `<o:p>` elements and conditional
 * comments). Pasted as they are, bullets become stray "·" characters and nesting is lost. This turns
 * such paragraphs back into nested `<ul>`/`<ol>` lists (a number or letter as the marker means
 * ordered) before the editor parses the HTML; other HTML (Google Docs, web pages) passes unchanged.
 */

const wordList = /mso-list:\s*(l\d+)\s+level(\d+)/i;

export function listsFromWord(html: string): string {
  if (!/mso-list|urn:schemas-microsoft-com:office/i.test(html)) return html;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const element of [...doc.body.getElementsByTagName('o:p')]) element.remove();

  // The lists being built, outermost first; reset by anything between list paragraphs.
  let open: Array<{ list: HTMLElement; level: number; id: string }> = [];
  for (const paragraph of [...doc.body.querySelectorAll('p')]) {
    const match = wordList.exec(paragraph.getAttribute('style') ?? '');
    if (!match) continue;
    const [, id = '', levelText = '1'] = match;
    const level = Number(levelText);
    const root = open[0];
    if (!root || paragraph.previousElementSibling !== root.list || root.id !== id) open = [];

    const marker = paragraph.querySelector('span[style*="mso-list:Ignore" i]');
    const ordered = /^(\d+|[a-z]|[ivxlc]+)[.)]$/i.test(marker?.textContent?.trim() ?? '');
    marker?.remove();

    while (open.length > 0 && (open[open.length - 1] as { level: number }).level > level) open.pop();
    let top = open[open.length - 1];
    if (!top || top.level < level) {
      const list = doc.createElement(ordered ? 'ol' : 'ul');
      if (top) {
        const parentItem = top.list.lastElementChild ?? top.list.appendChild(doc.createElement('li'));
        parentItem.appendChild(list);
      } else {
        paragraph.before(list);
      }
      top = { list, level, id };
      open.push(top);
    }
    const item = doc.createElement('li');
    const text = doc.createElement('p');
    text.append(...paragraph.childNodes);
    item.appendChild(text);
    top.list.appendChild(item);
    paragraph.remove();
  }
  return doc.body.innerHTML;
}
