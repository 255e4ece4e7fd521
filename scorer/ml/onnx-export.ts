/**
 * Writes the trained model as an ONNX graph, built with the maintained `onnx-proto` definitions:
 *
 *   ids  int32 [C, K]  ──Gather(weights [B, 2])──▶ [C, K, 2]
 *   vals float [C, K]  ──Unsqueeze(-1)──────────▶ [C, K, 1] ──Mul──▶ ReduceSum(axis 1) ──Add(bias)──▶ Sigmoid
 *   probs float [C, 2]: per chunk, column 0 = calibrated attack probability, column 1 = jailbreak share.
 *
 * Padding uses slot 0 with value 0. Serialisation is deterministic (fixed field order, no timestamps).
 */
import { onnx } from 'onnx-proto';
import type { LinearModel } from './linear';

/** Graph input and output names (the detector uses the same). */
export const ONNX_IO = { ids: 'ids', vals: 'vals', probs: 'probs' } as const;
const OPSET = 13;

function tensor(name: string, dims: number[], data: Float32Array | BigInt64Array): onnx.ITensorProto {
  const isFloat = data instanceof Float32Array;
  return {
    name,
    dims,
    dataType: isFloat ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

function valueInfo(name: string, elemType: number, dims: Array<string | number>): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

function node(opType: string, inputs: string[], outputs: string[], attrs: onnx.IAttributeProto[] = []): onnx.INodeProto {
  return { opType, input: inputs, output: outputs, name: `${opType}_${outputs[0]}`, attribute: attrs };
}

/** Serialises `m` (float64 weights are rounded to float32 here) to ONNX bytes. */
export function exportOnnx(m: LinearModel, docString: string): Uint8Array {
  const weights = new Float32Array(m.w.length);
  for (let i = 0; i < m.w.length; i++) weights[i] = m.w[i] as number;
  const graph: onnx.IGraphProto = {
    name: 'aegis_injection',
    node: [
      node('Gather', ['weights', ONNX_IO.ids], ['gathered'], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
      node('Unsqueeze', [ONNX_IO.vals, 'last_axis'], ['vals3']),
      node('Mul', ['gathered', 'vals3'], ['weighted']),
      node('ReduceSum', ['weighted', 'chunk_axis'], ['summed'], [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
      node('Add', ['summed', 'bias'], ['logits']),
      node('Sigmoid', ['logits'], [ONNX_IO.probs]),
    ],
    initializer: [
      tensor('weights', [m.buckets, 2], weights),
      tensor('bias', [2], Float32Array.from(m.b)),
      tensor('last_axis', [1], BigInt64Array.from([-1n])),
      tensor('chunk_axis', [1], BigInt64Array.from([1n])),
    ],
    input: [valueInfo(ONNX_IO.ids, onnx.TensorProto.DataType.INT32, ['chunks', 'features']), valueInfo(ONNX_IO.vals, onnx.TensorProto.DataType.FLOAT, ['chunks', 'features'])],
    output: [valueInfo(ONNX_IO.probs, onnx.TensorProto.DataType.FLOAT, ['chunks', 2])],
  };
  const model: onnx.IModelProto = {
    irVersion: 7,
    producerName: 'aegis-train',
    producerVersion: '1',
    docString,
    opsetImport: [{ domain: '', version: OPSET }],
    graph,
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
