/**
 * The two Teams app icons drawn in code and encoded as PNG with node:zlib (no image library): a 192x192
 * full-colour icon (white ledger page on the accent colour) and a 32x32 outline icon (white on transparent,
 * as Teams requires).
 */
import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.ts';

export const ACCENT = '#5B5FC7';
type Rgba = [number, number, number, number];

/** A square RGBA canvas with a painter callback per pixel. */
function draw(size: number, paint: (x: number, y: number) => Rgba): Buffer {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    rows[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = paint(x, y);
      const i = row + 1 + x * 4;
      rows[i] = r;
      rows[i + 1] = g;
      rows[i + 2] = b;
      rows[i + 3] = a;
    }
  }
  return rows;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(size: number, rows: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function hex(color: string, alpha = 255): Rgba {
  const v = Number.parseInt(color.slice(1), 16);
  return [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff, alpha];
}

/** A page with ruled lines, in unit coordinates (0..1): 'page', 'line' or 'none'. */
function ledger(u: number, v: number, stroke: number): 'page' | 'line' | 'edge' | 'none' {
  const left = 0.28,
    right = 0.72,
    top = 0.2,
    bottom = 0.8;
  if (u < left || u > right || v < top || v > bottom) return 'none';
  const nearEdge = u < left + stroke || u > right - stroke || v < top + stroke || v > bottom - stroke;
  const lines = [0.36, 0.48, 0.6, 0.7];
  const onLine = lines.some((l) => Math.abs(v - l) < stroke / 2 + 0.012) && u > left + 0.08 && u < right - 0.08;
  if (onLine) return 'line';
  return nearEdge ? 'edge' : 'page';
}

export function colorIcon(size = 192): Buffer {
  const accent = hex(ACCENT);
  const white: Rgba = [255, 255, 255, 255];
  return encodePng(
    size,
    draw(size, (x, y) => {
      const part = ledger((x + 0.5) / size, (y + 0.5) / size, 0.02);
      return part === 'page' || part === 'edge' ? white : accent;
    }),
  );
}

export function outlineIcon(size = 32): Buffer {
  const white: Rgba = [255, 255, 255, 255];
  const clear: Rgba = [0, 0, 0, 0];
  return encodePng(
    size,
    draw(size, (x, y) => {
      const part = ledger((x + 0.5) / size, (y + 0.5) / size, 1.6 / size);
      return part === 'edge' || part === 'line' ? white : clear;
    }),
  );
}
