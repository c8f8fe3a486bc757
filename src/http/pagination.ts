// The cursors are decoded by the list operations now; the appointments routes still decode theirs here.
export { afterId, afterInstant } from '../operations/pagination.js';
