// DL3007: FROM image:latest, a moving target that makes builds unreproducible.
import { defineRule } from '../rule.js';
import { parseImageRef } from '../rule-util.js';

export default defineRule({
  meta: {
    id: 'DL3007',
    severity: 'warning',
    description: 'Using latest is prone to errors: pin the image version',
    help:
      'The `latest` tag moves every time the publisher pushes, so the same Dockerfile builds on a different ' +
      'base image from one day to the next, and a breaking upgrade arrives unannounced. Use a release tag ' +
      '(`FROM node:20.11-slim`) or add a digest (`FROM node:latest@sha256:...`), which pins the exact image.',
    origin: 'hadolint',
  },
  create(context) {
    return {
      FROM(instr) {
        const image = instr.words[0];
        if (!image) return;
        const ref = parseImageRef(image);
        if (ref.tag !== 'latest' || ref.digest !== null) return;
        context.report({
          instr,
          message: `${image} follows whatever was pushed last: use a release tag (e.g. ${ref.registry ? `${ref.registry}/` : ''}${ref.name}:<version>) or pin a digest`,
        });
      },
    };
  },
});
