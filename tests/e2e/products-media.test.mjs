// A product's photos and PDFs in the real Tauri window (WebKitGTK) under Xvfb (rules
// A14, A15): in Produits (Maj+F12), Ctrl+M on a row opens its photos and PDFs; a
// 1600×1200 PNG named by its path is added and shown scaled to fit 1000×1000, a GIF is
// refused in French by its format (whatever its name), a PDF joins the attachments, a
// photo is removed. The command line reads the database to assert. Screenshots:
// tests/e2e/artifacts/products-media-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { deflateSync } from "node:zlib";
import { Session, withDemoDataDir } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const artifacts = join(root, "tests/e2e/artifacts");
const KEY = { enter: "\uE007", escape: "\uE00C", f12: "\uE03C", shift: "\uE008", control: "\uE009" };

/** CRC-32 of `bytes` (PNG chunks). */
function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/** A `width`×`height` RGB PNG with a gradient, written from the PNG specification. */
function png(width, height) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) raw.set([x % 256, y % 256, (x + y) % 256], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

test("a15 a14 a product's photos and PDFs in the window: added by path, a GIF refused, one removed", async () => {
  await withDemoDataDir(guichet, "guichet-media-", async ({ dataDir, base }) => {
    const cli = (...args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", ...args]).toString());
    const product = cli("products").find((p) => p.name.startsWith("Balade"));
    const files = mkdtempSync(join(tmpdir(), "guichet-media-files-"));
    const photo = join(files, "poney.png");
    writeFileSync(photo, png(1600, 1200));
    // A GIF named like a JPEG: what a file is comes from its bytes.
    const gif = join(files, "anim.jpg");
    writeFileSync(gif, Buffer.concat([Buffer.from("GIF89a"), Buffer.alloc(64)]));
    const pdf = join(files, "plan-d-acces.pdf");
    writeFileSync(pdf, "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    mkdirSync(artifacts, { recursive: true });
    const w = await Session.create(base, desktop);
    const shot = async (name) => writeFileSync(join(artifacts, `products-media-${name}.png`), await w.screenshot());
    const add = async (file) => {
      await w.fill(".dialog input[name=file]", file);
      await w.press(KEY.enter);
    };
    try {
      await w.cmd("POST", "/window/rect", { x: 0, y: 0, width: 1280, height: 800 });
      await w.find("nav button[data-screen=planning]", 20_000);
      await w.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: [
        { type: "keyDown", value: KEY.shift }, { type: "keyDown", value: KEY.f12 },
        { type: "keyUp", value: KEY.f12 }, { type: "keyUp", value: KEY.shift }] }] });
      await w.find(`tr[data-product="${product.id}"]`);
      // Ctrl+M on the row.
      await w.execute(`document.querySelector('tr[data-product="${product.id}"]').focus()`);
      await w.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: [
        { type: "keyDown", value: KEY.control }, { type: "keyDown", value: "m" },
        { type: "keyUp", value: "m" }, { type: "keyUp", value: KEY.control }] }] });
      await w.find(".dialog input[name=file]");
      await w.until("return document.querySelector('.dialog').innerText.includes('Aucune photo')");
      await add(photo);
      await w.until("return document.querySelectorAll('.dialog .photos img').length === 1");
      const size = await w.execute("return document.querySelector('.dialog .photos li small').innerText");
      assert.match(size, /^1000×750 · /, "scaled to fit 1000×1000");
      await shot("1-photo");
      await add(gif);
      await w.until("return document.querySelector('.dialog [role=alert]')?.innerText.includes('GIF')");
      const refusal = await w.execute("return document.querySelector('.dialog [role=alert]').innerText");
      assert.match(refusal, /JPEG ou PNG/, refusal);
      await shot("2-gif-refused");
      await add(pdf);
      await w.until("return document.querySelectorAll('.dialog .attachments li').length === 1");
      await add(photo);
      await w.until("return document.querySelectorAll('.dialog .photos img').length === 2");
      await w.click(".dialog .photos li[data-photo='2'] [data-action=remove-photo]");
      await w.until("return document.querySelectorAll('.dialog .photos img').length === 1");
      await shot("3-media");
      await w.press(KEY.escape);
      await w.until("return !document.querySelector('.dialog')");
    } catch (error) {
      await shot("failed").catch(() => undefined);
      throw error;
    } finally {
      await w.close();
    }
    const photos = cli("products", "photo", "list", product.id);
    assert.equal(photos.length, 1);
    assert.deepEqual([photos[0].width, photos[0].height, photos[0].format], [1000, 750, "png"]);
    const attachments = cli("products", "attachments", product.id);
    assert.deepEqual(attachments.map((a) => a.format), ["pdf"]);
  });
});
