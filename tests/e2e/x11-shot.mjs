// A screenshot of the Xvfb display as PNG: `xwd -root` read and re-encoded here, with no npm
// dependency. WebDriver's own screenshot hangs in WebKitGTK 2.50 when the page is drawn
// without GPU compositing, which is how Snowpost draws (src-tauri/src/rendering.rs).

import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';

export function screenPng() {
  const xwd = execFileSync('xwd', ['-root', '-silent'], { maxBuffer: 64 << 20 });
  const u32 = (i) => xwd.readUInt32BE(i * 4);
  const [headerSize, width, height, byteOrder, bpp, bytesPerLine, ncolors] = [
    u32(0), u32(4), u32(5), u32(7), u32(11), u32(12), u32(19),
  ];
  if (bpp !== 24 && bpp !== 32) throw new Error(`xwd: ${bpp} bits per pixel, expected 24 or 32`);
  const size = bpp / 8;
  const data = headerSize + ncolors * 12;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const out = y * (width * 3 + 1);
    raw[out] = 0; // no filter
    for (let x = 0; x < width; x++) {
      const at = data + y * bytesPerLine + x * size;
      const px = byteOrder === 0 ? xwd.readUIntLE(at, size) : xwd.readUIntBE(at, size);
      raw[out + 1 + x * 3] = (px >> 16) & 0xff;
      raw[out + 2 + x * 3] = (px >> 8) & 0xff;
      raw[out + 3 + x * 3] = px & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, body) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])));
  return Buffer.concat([head, body, crc]);
}

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
