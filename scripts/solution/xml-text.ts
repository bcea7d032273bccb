/** Escapes text for an XML element body or a double-quoted attribute. */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** 1-based line number of a character offset — for error messages that point into a file. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Decodes UTF-8 and drops a leading byte-order mark (exports write one; parsers differ on it). */
export function textOf(bytes: Uint8Array): string {
  return decoder.decode(bytes).replace(/^\uFEFF/, '');
}

export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Replaces XML comments with spaces (keeping line breaks and offsets), so text scans ignore commented-out XML. */
export function blankComments(xml: string): string {
  return xml.replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ' '));
}
