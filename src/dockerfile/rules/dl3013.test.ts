import { describe, it } from 'vitest';
import { df, expectClean, expectLines } from '../rule-tester.js';
import rule from './dl3013.js';

describe('DL3013', () => {
  it('reports unpinned pip packages', () => {
    expectLines(rule, df('FROM python:3', 'RUN pip install MySQL_python'), [2]);
    expectLines(rule, df('FROM python:3', 'RUN pip3 install --user six'), [2]);
    expectLines(rule, df('FROM python:3', 'RUN python -m pip install six'), [2]);
    expectLines(rule, df('FROM python:3', 'RUN pip install six==1.0 requests'), [2]);
    expectLines(rule, df('FROM python:3', 'RUN pip install git+https://github.com/x/y.git'), [2]);
    expectLines(rule, df('FROM python:3', 'RUN pip install --index-url https://x/simple six'), [2]);
    expectLines(rule, df('FROM python:3', 'ONBUILD RUN pip install six'), [2]);
  });
  it('accepts pins, requirement files, constraints and local sources', () => {
    expectClean(rule, df('FROM python:3', 'RUN pip install MySQL_python==1.2.2'));
    expectClean(rule, df('FROM python:3', 'RUN pip install "six>=1.0" "x~=1.2" "y!=2" "z<3"'));
    expectClean(rule, df('FROM python:3', 'RUN pip install -r requirements.txt'));
    expectClean(rule, df('FROM python:3', 'RUN pip install --requirement requirements.txt'));
    expectClean(rule, df('FROM python:3', 'RUN pip install .'));
    expectClean(rule, df('FROM python:3', 'RUN pip install -c constraints.txt six'));
    expectClean(rule, df('FROM python:3', 'RUN pip install git+https://github.com/x/y.git@v1.0'));
    expectClean(rule, df('FROM python:3', 'RUN pip install ./dist/x.whl /src/y app.tar.gz'));
    expectClean(rule, df('FROM python:3', 'RUN pip install --index-url https://x/simple six==1'));
    expectClean(rule, df('FROM python:3', 'RUN pip freeze'));
  });
});
