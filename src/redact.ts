const ADDRESS = /[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+/g;

/** The text with every e-mail address replaced by `<address>`: what logs and stored errors may keep. */
export function withoutAddresses(text: string): string {
  return text.replace(ADDRESS, '<address>');
}
