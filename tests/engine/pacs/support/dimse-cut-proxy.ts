// A TCP proxy in front of a real PACS that ends the association early, as a PACS can (its own
// limit or timeout, a restart): it passes everything on until the PACS sends the DIMSE command
// the test picks, then, instead of that command, closes the connection or sends an A-ABORT.
import { connect, createServer, type Socket } from 'node:net';

/** A DIMSE command the PACS sent: its connection and place in it (both from 1), field and status. */
export interface DimseCommand {
  connection: number;
  index: number;
  field: number;
  status: number | null;
}

export const C_STORE_RQ = 0x0001;
export const C_GET_RSP = 0x8010;
export const C_FIND_RSP = 0x8020;
export const C_MOVE_RSP = 0x8021;
export const isPending = (status: number | null) => status === 0xff00 || status === 0xff01;

/** A-ABORT from the service provider, reason not specified. */
const A_ABORT = Buffer.from([0x07, 0, 0, 0, 0, 4, 0, 0, 2, 0]);

/** The command sets in a P-DATA-TF PDU: command field (0000,0100) and status (0000,0900). */
function commandsIn(pdu: Buffer): { field: number; status: number | null }[] {
  const found: { field: number; status: number | null }[] = [];
  for (let at = 6; at + 6 <= pdu.length; ) {
    const length = pdu.readUInt32BE(at);
    const isCommand = (pdu[at + 5] & 1) === 1;
    const data = pdu.subarray(at + 6, at + 4 + length);
    at += 4 + length;
    if (!isCommand) continue;
    let field = -1;
    let status: number | null = null;
    // Command sets are implicit VR little endian: tag (4), length (4), value.
    for (let i = 0; i + 8 <= data.length; ) {
      const [group, element, size] = [data.readUInt16LE(i), data.readUInt16LE(i + 2), data.readUInt32LE(i + 4)];
      if (group === 0 && element === 0x0100) field = data.readUInt16LE(i + 8);
      if (group === 0 && element === 0x0900) status = data.readUInt16LE(i + 8);
      i += 8 + size;
    }
    if (field >= 0) found.push({ field, status });
  }
  return found;
}

export interface CutProxy {
  port: number;
  /** The commands it cut at. */
  cuts: DimseCommand[];
  close(): Promise<void>;
}

export async function dimseCutProxy(target: { host: string; port: number }, cut: (c: DimseCommand) => boolean, how: 'close' | 'abort' = 'close'): Promise<CutProxy> {
  const sockets = new Set<Socket>();
  const cuts: DimseCommand[] = [];
  let connections = 0;
  const server = createServer((client) => {
    const connection = ++connections;
    const pacs = connect(target.port, target.host);
    for (const s of [client, pacs]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    let index = 0;
    let cutHere = false;
    let buffered = Buffer.alloc(0);
    client.on('data', (d: Buffer) => cutHere || pacs.write(d));
    client.on('close', () => pacs.destroy());
    pacs.on('close', () => cutHere || client.end());
    pacs.on('data', (d: Buffer) => {
      if (cutHere) return;
      buffered = Buffer.concat([buffered, d]);
      while (buffered.length >= 6 && buffered.length >= 6 + buffered.readUInt32BE(2)) {
        const pdu = buffered.subarray(0, 6 + buffered.readUInt32BE(2));
        buffered = buffered.subarray(pdu.length);
        for (const command of pdu[0] === 0x04 ? commandsIn(pdu) : []) {
          const c = { connection, index: ++index, ...command };
          if (!cut(c)) continue;
          cuts.push(c);
          cutHere = true;
          pacs.destroy();
          // An abort leaves the connection open: closing it is the other side's part.
          if (how === 'abort') client.write(A_ABORT);
          else client.end();
          return;
        }
        client.write(pdu);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cuts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
