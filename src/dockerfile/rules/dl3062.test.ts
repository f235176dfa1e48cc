import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3062.js';

describe('DL3062', () => {
  it('reports modules without a fixed version', () => {
    expectLines(rule, df('FROM golang:1.22', 'RUN go install example.com/pkg'), [2]);
    expectLines(rule, df('FROM golang:1.22', 'RUN go install example.com/pkg@latest'), [2]);
    expectLines(rule, df('FROM golang:1.22', 'RUN go get example.com/pkg@none'), [2]);
    expectLines(rule, df('FROM golang:1.22', 'RUN go run example.com/pkg'), [2]);
    expectLines(rule, df('FROM golang:1.22', 'RUN go install tool foobar'), [2]);
    expectLines(rule, df('FROM golang:1.22', 'RUN go get -tool foobar@latest'), [2]);
    expectLines(rule, df('FROM golang:1.22', 'ONBUILD RUN go install example.com/pkg'), [2]);
  });
  it('accepts versions and local paths', () => {
    expectClean(rule, df('FROM golang:1.22', 'RUN go install example.com/pkg@v1.2.3'));
    expectClean(rule, df('FROM golang:1.22', 'RUN go get example.com/pkg@v1.2.3'));
    expectClean(rule, df('FROM golang:1.22', 'RUN go install tool foobar@v1.2.3'));
    expectClean(rule, df('FROM golang:1.22', 'RUN go run example.com/pkg@v1.2.3 --foo bar'));
    expectClean(rule, df('FROM golang:1.22', 'RUN go install /go/app/foobar ./app/foobar .'));
    expectClean(rule, df('FROM golang:1.22', 'RUN go run .'));
    expectClean(rule, df('FROM golang:1.22', 'RUN go build ./...'));
  });
});
