// Writes a .gz beside each built script and stylesheet; the server sends it to browsers that accept gzip.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = 'target/classes/META-INF/sightline-ui/assets';
for (const name of readdirSync(dir)) {
  if (/\.(js|css)$/.test(name)) {
    writeFileSync(join(dir, `${name}.gz`), gzipSync(readFileSync(join(dir, name)), { level: 9 }));
  }
}
