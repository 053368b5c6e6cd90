// Makes demo/marathon-hub.webp, the image of the demo practice's pinned link preview (demo/practice.json,
// linkPreview.pinned): the demo machine has no internet, so the hub page's card ships with the demo instead of being
// fetched. Run once: node scripts/make-demo-preview.mjs
import sharp from 'sharp';

const W = 1200;
const H = 630;
// A road at dawn with mile markers: our own drawing, rasterised here (the server never rasterises SVG it fetches).
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#0f3b5f"/><stop offset="0.55" stop-color="#f08a4b"/><stop offset="1" stop-color="#ffd29a"/>
    </linearGradient>
  </defs>
  <rect width="${W}" height="${H}" fill="url(#sky)"/>
  <circle cx="850" cy="380" r="90" fill="#ffe7b8" opacity="0.9"/>
  <path d="M0 420 L300 360 L520 400 L760 340 L1000 390 L1200 350 L1200 630 L0 630 Z" fill="#24404f"/>
  <path d="M520 630 L700 420 L740 420 L1000 630 Z" fill="#39525e"/>
  <path d="M618 630 L714 440 L722 440 L770 630 Z" fill="#f4d35e" opacity="0.85"/>
  <g fill="#ffffff" opacity="0.9">
    <rect x="600" y="520" width="16" height="60" rx="3"/><rect x="860" y="500" width="16" height="70" rx="3"/>
  </g>
  <g transform="translate(300 250)" fill="#102a3a">
    <circle cx="0" cy="0" r="18"/>
    <path d="M-6 20 L10 22 L22 70 L52 98 L44 108 L10 82 L0 60 L-20 100 L-40 150 L-54 144 L-38 92 L-30 56 L-40 40 L-70 60 L-78 50 L-44 20 Z"/>
  </g>
</svg>`;
await sharp(Buffer.from(svg)).webp({ quality: 70, effort: 6 }).toFile('demo/marathon-hub.webp');
const meta = await sharp('demo/marathon-hub.webp').metadata();
console.log(`demo/marathon-hub.webp ${meta.width}×${meta.height}`);
