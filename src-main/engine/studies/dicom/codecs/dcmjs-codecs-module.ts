// dcmjs-codecs, loaded and initialised once: DCMTK's IJG libjpeg, CharLS, OpenJPEG... compiled to
// WebAssembly. The same module instance dcmjs-dimse uses, so once initialised here dcmjs-dimse can
// also transcode a file to a syntax the PACS accepts.
import { createRequire } from 'node:module';

export interface CodecContext {
  getDecodedBuffer(): Uint8Array | undefined;
}

export interface DcmjsCodecs {
  NativeCodecs: {
    initializeAsync(opts?: { logCodecsInfo?: boolean; logCodecsTrace?: boolean }): Promise<void>;
    isInitialized(): boolean;
    decodeJpeg(context: CodecContext, parameters?: { convertColorspaceToRgb?: boolean }): CodecContext;
    /** Whether the codecs' messages (libjpeg's trace and warnings) go to `log.info`; read at each message. */
    logCodecsInfo: boolean;
  };
  /** The package's loglevel logger. */
  log: { info: (...message: unknown[]) => void };
  Context: new (attrs: {
    width: number;
    height: number;
    bitsAllocated: number;
    bitsStored: number;
    samplesPerPixel: number;
    pixelRepresentation: number;
    planarConfiguration: number;
    photometricInterpretation: string;
    encodedBuffer: Uint8Array;
  }) => CodecContext;
  Transcoder: new (
    elements: Record<string, unknown>,
    transferSyntaxUid: string,
  ) => {
    transcode(transferSyntaxUid: string, parameters?: Record<string, unknown>): void;
    getElements(): Record<string, unknown>;
  };
}

const require = createRequire(import.meta.url);
let codecs: Promise<DcmjsCodecs> | undefined;

export function dcmjsCodecs(): Promise<DcmjsCodecs> {
  if (!codecs) {
    const mod = require('dcmjs-codecs') as DcmjsCodecs;
    codecs = mod.NativeCodecs.initializeAsync({ logCodecsInfo: false, logCodecsTrace: false }).then(() => mod);
    codecs.catch(() => (codecs = undefined));
  }
  return codecs;
}
