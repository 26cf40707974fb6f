#!/usr/bin/env python3
"""Prints what a PNG shows, as JSON, for checking a screenshot without a person looking:
its size, the share of pixels that are not near-white, how many distinct colours it has,
and the share of strongly red and green pixels (the report's failed and passed verdicts).
Reads 8-bit RGB and RGBA images, not interlaced, with Python's standard library only."""
import json, struct, sys, zlib

def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("%s: not a PNG" % path)
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        sys.exit("%s: only 8-bit RGB/RGBA, not interlaced" % path)
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 1: line[i] = (line[i] + a) & 255
            elif kind == 2: line[i] = (line[i] + b) & 255
            elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return width, height, bpp, rows

def main():
    width, height, bpp, rows = pixels(sys.argv[1])
    total = nonwhite = red = green = 0
    colours = set()
    for line in rows:
        for x in range(0, len(line), bpp):
            r, g, b = line[x], line[x + 1], line[x + 2]
            total += 1
            colours.add((r, g, b))
            if r < 235 or g < 235 or b < 235: nonwhite += 1
            if r > 150 and g < 80 and b < 90: red += 1
            if g > 90 and r < 80 and b < 90: green += 1
    print(json.dumps({"width": width, "height": height, "nonwhite": nonwhite / total,
                      "colours": len(colours), "red": red / total, "green": green / total}))

main()
