/**
 * The bundle's entry (`dist/enclave-image.js`): the platform's bootstrap evaluates the image as the body of
 * `function (exports, require, module, inside)`; this registers the runtime's ECALLs on that `inside`.
 * Only the bundler reads this file.
 * @module
 */
import { start } from './image.js';
import type { Inside } from './inside.js';

declare const inside: Inside;

for (const [name, handler] of Object.entries(start(inside))) inside.handle(name, handler);
