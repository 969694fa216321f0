import { describe, expect, it } from 'vitest';
import { defaultImagesConfig, imagesSchema } from '../src/config/images.ts';
import { cropBox, masterScale, parseFocus, planSlot, planSocial, planUse, widthsFor } from '../src/photos/plan.ts';

const config = defaultImagesConfig();

describe('the images config', () => {
  it('should have defaults for every slot, and JPEG among the formats', () => {
    expect(config.formats).toEqual(['avif', 'webp', 'jpeg']);
    expect(Object.keys(config.slots).sort()).toEqual(['gallery', 'inline', 'lead', 'thumbnail']);
    expect(config.slots.thumbnail.aspect).toBe(1.5);
    expect(config.slots.lead.aspect).toBeUndefined();
  });

  it('should read aspect ratios, sort widths, and refuse what it cannot use', () => {
    const parsed = imagesSchema.parse({ slots: { inline: { widths: [900, 300, 900], aspect: '16:9' } } });
    expect(parsed.slots.inline.widths).toEqual([300, 900]);
    expect(parsed.slots.inline.aspect).toBeCloseTo(16 / 9);
    expect(imagesSchema.safeParse({ formats: ['avif', 'webp'] }).success).toBe(false);
    expect(imagesSchema.safeParse({ slots: { lead: { aspect: 'wide' } } }).success).toBe(false);
    expect(imagesSchema.safeParse({ slots: { hero: {} } }).success).toBe(false);
    expect(imagesSchema.safeParse({ quality: { avif: 0 } }).success).toBe(false);
  });
});

describe('planning', () => {
  it('should never upscale, add the picture’s own width when it falls between, and drop duplicates', () => {
    expect(widthsFor(4000, [1600, 480, 800, 1200, 800])).toEqual([480, 800, 1200, 1600]);
    expect(widthsFor(1000, [480, 800, 1200, 1600])).toEqual([480, 800, 1000]);
    // 850 is within a step of 800: a file that much larger is hardly sharper.
    expect(widthsFor(850, [480, 800, 1200])).toEqual([480, 800]);
    expect(widthsFor(300, [480, 800])).toEqual([300]);
  });

  it('should place crops around the focus, inside the picture', () => {
    const source = { width: 4000, height: 3000 };
    expect(cropBox(source, 1, { x: 0.5, y: 0.5 })).toEqual({ left: 500, top: 0, width: 3000, height: 3000 });
    expect(cropBox(source, 1, { x: 1, y: 0 })).toEqual({ left: 1000, top: 0, width: 3000, height: 3000 });
    expect(cropBox(source, 1, { x: 0, y: 1 })).toEqual({ left: 0, top: 0, width: 3000, height: 3000 });
    expect(cropBox(source, 16 / 9, { x: 0.5, y: 0.9 })).toEqual({ left: 0, top: 750, width: 4000, height: 2250 });
  });

  it('should make every slot width in every format, with the shape of the picture or of the slot', () => {
    const source = { width: 3000, height: 2000 };
    const lead = planSlot(source, config.slots.lead, config.formats);
    expect(lead).toHaveLength(12);
    expect(new Set(lead.map((v) => v.format))).toEqual(new Set(['avif', 'webp', 'jpeg']));
    for (const v of lead) expect(v.height).toBe(Math.round((v.width * 2) / 3));
    expect(lead.every((v) => v.crop === undefined)).toBe(true);

    const square = imagesSchema.parse({ slots: { thumbnail: { aspect: '1:1', widths: [200, 400] } } });
    const thumbs = planSlot(source, square.slots.thumbnail, ['jpeg'], { x: 0.9, y: 0.5 });
    expect(thumbs.map((v) => [v.width, v.height])).toEqual([
      [200, 200],
      [400, 400],
    ]);
    expect(thumbs[0]!.crop).toEqual({ left: 1000, top: 0, width: 2000, height: 2000 });
    // A picture that already has the slot's shape is not cropped: its variants are the lead's.
    expect(planSlot(source, config.slots.thumbnail, ['jpeg']).every((v) => v.crop === undefined)).toBe(true);
  });

  it('should make social crops at 1200×630 and 16:9, 4:3, 1:1 at 1200 px where the picture allows', () => {
    const large = planSocial({ width: 4000, height: 3000 });
    expect([large.openGraph.width, large.openGraph.height, large.openGraph.format]).toEqual([1200, 630, 'jpeg']);
    expect(large.structuredData.map((v) => [v.width, v.height])).toEqual([
      [1200, 675],
      [1200, 900],
      [1200, 1200],
    ]);
    // 4:3 of a 4:3 picture is the whole picture.
    expect(large.structuredData[1]!.crop).toBeUndefined();
    const small = planSocial({ width: 900, height: 600 });
    expect(small.openGraph.width).toBe(900);
    expect(small.openGraph.height).toBe(Math.round(900 / (1200 / 630)));
    expect(small.structuredData.map((v) => v.width)).toEqual([900, 800, 600]);
  });

  it('should add social crops only when asked and configured', () => {
    const source = { width: 2000, height: 1500 };
    expect(planUse(source, config, { slot: 'lead', social: true }).social).toBeDefined();
    expect(planUse(source, config, { slot: 'lead' }).social).toBeUndefined();
    const off = imagesSchema.parse({ social: false });
    expect(planUse(source, off, { slot: 'lead', social: true }).social).toBeUndefined();
  });

  it('should decode at the smallest scale every variant can be made from', () => {
    const source = { width: 4000, height: 3000 };
    expect(masterScale(planSlot(source, config.slots.lead, ['jpeg']), source)).toBeCloseTo(0.4);
    expect(masterScale(planSlot(source, config.slots.thumbnail, ['jpeg']), source)).toBeCloseTo(640 / 4000);
    const small = { width: 1000, height: 800 };
    expect(masterScale(planSlot(small, config.slots.lead, ['jpeg']), small)).toBe(1);
  });

  it('should read a focus as "x,y", a pair or an object, and say what is wrong otherwise', () => {
    expect(parseFocus('0.25, 0.75')).toEqual({ x: 0.25, y: 0.75 });
    expect(parseFocus([0, 1])).toEqual({ x: 0, y: 1 });
    expect(parseFocus({ x: 0.5, y: 0.1 })).toEqual({ x: 0.5, y: 0.1 });
    for (const bad of ['0.5', '1.5,0.5', 'a,b', ',', [0.5], null, 7])
      expect(parseFocus(bad), JSON.stringify(bad)).toHaveProperty('error');
  });
});
