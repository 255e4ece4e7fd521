/**
 * `npm run train:rag`: trains the indirect-injection model on the whole BIPIA training file and writes
 * `scorer/src/detectors/rag/weights.ts`. Deterministic: the same data gives the same file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { augmentDocs, loadBipia } from './rag-data';
import { trainShipped } from '../scorer/src/detectors/rag/shipped';
import { FEATURES } from '../scorer/src/detectors/rag/features';
import { ROOT } from '../test/helpers';

const bipia = loadBipia();
const model = trainShipped([...bipia, ...augmentDocs(bipia)]);
const lines = FEATURES.map((name, i) => `    ${(model.weights[i] as number).toFixed(6)}, // ${name}`);
const text = `/**
 * The indirect-injection model: logistic-regression weights over \`FEATURES\` (features.ts), trained by
 * \`npm run train:rag\` on the BIPIA training file (MIT; see ../shared/data/train) and the hand-written
 * augmentation in bench/data/rag-augment.json. Generated: do not edit.
 * The bias is shifted so that a document at the operating threshold scores ${'$'}{TRAINING.operatingScore}.
 */
import type { LinearModel } from './train';

export const RAG_MODEL: LinearModel = {
  weights: [
${lines.join('\n')}
  ],
  bias: ${model.bias.toFixed(6)},
};
`.replace('${TRAINING.operatingScore}', '0.8');
writeFileSync(join(ROOT, 'scorer', 'src', 'detectors', 'rag', 'weights.ts'), text);
process.stdout.write(`${JSON.stringify({ trained: 'rag', bias: model.bias, weights: Object.fromEntries(FEATURES.map((n, i) => [n, model.weights[i]])) }, null, 2)}\n`);
