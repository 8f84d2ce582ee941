// Small builders for ONNX protobuf messages (onnx-proto), shared by the float graph
// (onnx-graph.ts) and the int8 graph LIME uses (onnx-graph-int8.ts).
import onnxProto from 'onnx-proto';
import type { StoredWeight } from './stored-weights';

export const { onnx } = onnxProto;

export const OPSET = 13;

export type OnnxNode = ReturnType<typeof onnx.NodeProto.create>;
export type OnnxTensor = ReturnType<typeof onnx.TensorProto.create>;
export type OnnxAttribute = ReturnType<typeof onnx.AttributeProto.create>;
export type OnnxValueInfo = ReturnType<typeof onnx.ValueInfoProto.create>;

export function intsAttr(name: string, ints: number[]): OnnxAttribute {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints });
}
export function intAttr(name: string, i: number): OnnxAttribute {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i });
}
export function floatAttr(name: string, f: number): OnnxAttribute {
  return onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f });
}

type TypedData = Float32Array | Int8Array | Uint8Array | Int32Array;

function tensor(name: string, dims: number[], dataType: number, data: TypedData): OnnxTensor {
  // ONNX raw_data is little-endian, as typed arrays are on every platform Node runs on.
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return onnx.TensorProto.create({ name, dims, dataType, rawData: raw });
}
export const floatTensor = (name: string, dims: number[], data: Float32Array) => tensor(name, dims, onnx.TensorProto.DataType.FLOAT, data);
export const int8Tensor = (name: string, dims: number[], data: Int8Array) => tensor(name, dims, onnx.TensorProto.DataType.INT8, data);
export const uint8Tensor = (name: string, dims: number[], data: Uint8Array) => tensor(name, dims, onnx.TensorProto.DataType.UINT8, data);
export const int32Tensor = (name: string, dims: number[], data: Int32Array) => tensor(name, dims, onnx.TensorProto.DataType.INT32, data);

/** A float tensor's name, element type and shape; string dims are symbolic (e.g. 'batch'). */
export function valueInfo(name: string, dims: Array<number | string>): OnnxValueInfo {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((d) => (typeof d === 'string' ? onnx.TensorShapeProto.Dimension.create({ dimParam: d }) : onnx.TensorShapeProto.Dimension.create({ dimValue: d }))),
        }),
      }),
    }),
  });
}

/** tfjs conv kernel [kh, kw, in, out] -> ONNX [out, in, kh, kw]. */
export function convKernel(w: StoredWeight): { dims: number[]; data: Float32Array } {
  const [kh, kw, cin, cout] = w.shape;
  const out = new Float32Array(w.data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = w.data[((y * kw + x) * cin + i) * cout + o];
  return { dims: [cout, cin, kh, kw], data: out };
}

/** Serialised ModelProto of one graph at OPSET. */
export function encodeModel(graph: ReturnType<typeof onnx.GraphProto.create>): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'alveo',
    opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: OPSET })],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
