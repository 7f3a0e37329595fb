/**
 * A cross-check vector for the user channel's own suite, DHKEM(X25519, HKDF-SHA256) + HKDF-SHA256 + AES-256-GCM
 * (aead_id 2), which RFC 9180's Appendix A does not list. Made with an independent implementation, the npm
 * package `@hpke/core` 1.9.0 (WebCrypto), from ikmE = SHA-256("edgedancer hpke cross-check ikmE") and
 * ikmR = SHA-256("edgedancer hpke cross-check ikmR"), with the RFC's info, plaintext and `Count-<seq>` associated
 * data; `node packages/enclave-sim/bench/hpke-compare.mjs --vector` makes it again.
 * @module
 */
import type { HpkeVector } from './rfc9180-vectors.js';

/** The vectors. */
export const CROSS_CHECK_VECTORS: readonly HpkeVector[] = [
  {
    source: '@hpke/core 1.9.0 (independent implementation), X25519/HKDF-SHA256/AES-256-GCM',
    kemId: 32,
    kdfId: 1,
    aeadId: 2,
    info: '4f6465206f6e2061204772656369616e2055726e',
    ikmE: 'fac310f009ab2e29f5b4fff6aa33a04bff1df79b25351a6cc36eb4e892e947f8',
    pkEm: '4aae7d4edad99f26708861b62046805fd676503a8257b520184e560193ce8743',
    skEm: '70479e09b2c282a0eb3b16a0083e0f013ec9f22483a03c9df2fbbc0d6b60b5e0',
    ikmR: '69f3afc475d4229c32015b76250b1519197cd37c7286ccecdcd2518ec66af712',
    pkRm: '4d238d21a2b021944dc4724c479e9dcb2acae463a15c646a4fba01b0f52acf2a',
    skRm: 'e0a1e4d8db65b68ceeb386a2ae15e75816b5ef92d5aab5d903c5f711dce0c0e1',
    enc: '4aae7d4edad99f26708861b62046805fd676503a8257b520184e560193ce8743',
    encryptions: [
      {
        seq: 0,
        pt: '4265617574792069732074727574682c20747275746820626561757479',
        aad: '436f756e742d30',
        ct: '69186733bc7cd8b89a5971249c34636df65340cca3661f1fd3202ce310d55f5d0cffdb1308f26ec79a31fd2f3c',
      },
      {
        seq: 1,
        pt: '4265617574792069732074727574682c20747275746820626561757479',
        aad: '436f756e742d31',
        ct: '8c6169e64a31f7fd167f845c2784d46aa3c15250fb8234e996f4642696d82fe7ddcfba46f5b9e57664e5299aa5',
      },
      {
        seq: 2,
        pt: '4265617574792069732074727574682c20747275746820626561757479',
        aad: '436f756e742d32',
        ct: 'e66323f8aebf5fa8a5391e849f7a261e18aa468eab266eff899fbca9bc82a52bb351957b312b3d879c3ba3c8d5',
      },
      {
        seq: 4,
        pt: '4265617574792069732074727574682c20747275746820626561757479',
        aad: '436f756e742d34',
        ct: '884127ca3348f25643f1e86c998c612daa89ea78b901c2a422edebe11e49650850251928d4332047a3f3317f15',
      },
      {
        seq: 255,
        pt: '4265617574792069732074727574682c20747275746820626561757479',
        aad: '436f756e742d323535',
        ct: '016727f582e24c8a469c833886649e260e9c50b174a3b2bbe22019a17e0e28be1055071f663d13c4d0768ccc35',
      },
      {
        seq: 256,
        pt: '4265617574792069732074727574682c20747275746820626561757479',
        aad: '436f756e742d323536',
        ct: 'ddd2ce3770ebc937cfceeeed2a9829cc69ac2f7393ddca1611db2c00af460a65397bb8b0281a58ffdea25dc9f7',
      },
    ],
    exports: [
      { context: '', length: 32, value: '8bd43b294aa4553c2304792d8d02bd0934e1188efa6bebd291e916dced874904' },
      { context: '00', length: 32, value: 'dcb325df64de5bf5b6401e11be20dc32ad4997e4e9cbda9460e43f7c30096b95' },
      {
        context: '54657374436f6e74657874',
        length: 32,
        value: '8010f990723422576b4af4f1f6037ec6b8435ffd395a1e98e528d9448edcb2c1',
      },
    ],
  },
];
