import type { Frame, Page } from 'playwright-core';

/**
 * Layout checks run inside the page (Chromium computes the boxes): what a person at that screen width
 * could not see or reach, and text squeezed into a column so narrow it wraps every character or two.
 */
export interface ControlProblem {
  readonly control: string;
  readonly problem: string;
}

/**
 * For every selector: the element exists, is rendered (not display:none), has a box, lies within the page's
 * width, and is not cut off by an ancestor that clips (overflow other than visible).
 */
export function unreachableControls(
  target: Page | Frame,
  selectors: readonly string[],
): Promise<ControlProblem[]> {
  return target.evaluate((list) => {
    const problems: { control: string; problem: string }[] = [];
    const width = document.documentElement.clientWidth;
    for (const selector of list) {
      const element = document.querySelector(selector);
      if (!element) {
        problems.push({ control: selector, problem: 'missing' });
        continue;
      }
      const box = element.getBoundingClientRect();
      if (box.width < 1 || box.height < 1) {
        problems.push({ control: selector, problem: `no box (${box.width}×${box.height})` });
        continue;
      }
      if (box.left < -0.5 || box.right > width + 0.5)
        problems.push({
          control: selector,
          problem: `outside the page width: ${box.left}–${box.right} of ${width}`,
        });
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        const clips =
          style.overflowX !== 'visible' ||
          style.overflowY !== 'visible' ||
          style.contentVisibility === 'auto';
        if (!clips || parent === document.body || parent === document.documentElement) continue;
        const outer = parent.getBoundingClientRect();
        if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5)
          problems.push({ control: selector, problem: `cut off by ${parent.tagName}.${parent.className}` });
      }
    }
    return problems;
  }, selectors);
}

/** Interactive elements that are rendered (ignoring those display:none on purpose at this width). */
export function renderedControls(target: Page | Frame): Promise<string[]> {
  return target.evaluate(() => {
    const found: string[] = [];
    const all = document.querySelectorAll('button, a[href], input, select, [role="combobox"]');
    all.forEach((element, index) => {
      if ((element as HTMLElement).offsetParent === null && getComputedStyle(element).position !== 'fixed')
        return;
      const id = `ringo-layout-${index}`;
      element.setAttribute('data-layout-id', id);
      found.push(`[data-layout-id="${id}"]`);
    });
    return found;
  });
}

/** Texts that wrap into three or more lines of at most two characters each (a column far too narrow). */
export function squeezedTexts(target: Page | Frame): Promise<string[]> {
  return target.evaluate(() => {
    const squeezed: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      if (text.length < 4) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = new Set(
        [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
      );
      if (lines.size >= 3 && text.length / lines.size <= 2.5)
        squeezed.push(`${text.slice(0, 40)} (${lines.size} lines)`);
    }
    return squeezed;
  });
}

/** The page is no wider than the screen: nothing to scroll sideways to. */
export function horizontalOverflow(target: Page | Frame): Promise<number> {
  return target.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
