/**
 * Between the checkpoint page and its service worker: the header the worker sets on a kept copy of the
 * keys or the revocation list that it answers with because the network failed.
 */
export const KEPT_COPY_HEADER = 'x-checkpoint-copy';
