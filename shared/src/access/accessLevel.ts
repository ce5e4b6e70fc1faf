/**
 * What a person may do with one document: nothing, read it, or write it. The sync server asks for
 * this on every subscription and enforces it on every message.
 */
export type AccessLevel = 'none' | 'read' | 'write';
