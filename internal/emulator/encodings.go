package emulator

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/binary"
)

// The body encodings the encoding fault sends. Go's standard library
// writes gzip and zlib (HTTP's "deflate"); brotli and zstd it does not, so
// those are written here in their stored forms, which every decoder reads:
// the bytes as they are, framed as each format specifies. A client that
// cannot read them is meant to name them, not decode them, so a real
// compressor would add nothing to the rehearsal.

func gzipBytes(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	_, _ = zw.Write(b) // a bytes.Buffer does not fail
	_ = zw.Close()
	return out.Bytes()
}

// zlibBytes is HTTP's "deflate" coding, which is the zlib format (RFC 9110,
// section 8.4.1.2), not bare deflate.
func zlibBytes(b []byte) []byte {
	var out bytes.Buffer
	zw := zlib.NewWriter(&out)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return out.Bytes()
}

// brotliStoredChunk is the most an uncompressed brotli meta-block with a
// four-nibble length can hold.
const brotliStoredChunk = 1 << 16

// brotliStored writes b as a brotli stream (RFC 7932) of uncompressed
// meta-blocks: a stream header choosing a 64 KiB window (section 9.1), then
// per chunk a meta-block header with ISLAST 0, MNIBBLES 4, MLEN-1 and
// ISUNCOMPRESSED 1, padded to a byte, and the chunk's bytes (section 9.2);
// then an empty last meta-block. The empty stream is the single byte 06.
func brotliStored(b []byte) []byte {
	var w bitWriter
	w.bits(0, 1) // WBITS 16
	for len(b) > 0 {
		chunk := b[:min(len(b), brotliStoredChunk)]
		b = b[len(chunk):]
		w.bits(0, 1)                     // ISLAST
		w.bits(0, 2)                     // MNIBBLES 4
		w.bits(uint64(len(chunk)-1), 16) //nolint:gosec // G115: a chunk is 1 to 64 KiB; MLEN-1
		w.bits(1, 1)                     // ISUNCOMPRESSED
		w.align()
		w.out = append(w.out, chunk...)
	}
	w.bits(1, 1) // ISLAST
	w.bits(1, 1) // ISLASTEMPTY
	w.align()
	return w.out
}

// bitWriter packs bits from the least significant end of each byte, as
// brotli reads them.
type bitWriter struct {
	out  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) bits(v uint64, n uint) {
	w.acc |= v << w.nacc
	w.nacc += n
	for w.nacc >= 8 {
		w.out = append(w.out, byte(w.acc&0xff))
		w.acc >>= 8
		w.nacc -= 8
	}
}

// align pads with zero bits to the next byte boundary.
func (w *bitWriter) align() {
	if w.nacc > 0 {
		w.bits(0, 8-w.nacc)
	}
}

// zstdMagic starts every zstd frame (RFC 8878, section 3.1.1).
var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// zstdBlockMax is the largest block a frame with a 128 KiB window may hold
// (RFC 8878, section 3.1.1.2).
const zstdBlockMax = 128 << 10

// zstdStored writes b as one zstd frame (RFC 8878) of raw blocks: the
// magic number, a frame header descriptor of 0 (no content size, checksum
// or dictionary, so a window descriptor follows) and a window descriptor of
// 128 KiB (exponent 7), then blocks of at most 128 KiB, each with a
// three-byte little-endian header: last-block bit, block type 0 (raw) and
// size.
func zstdStored(b []byte) []byte {
	out := append([]byte{}, zstdMagic...)
	out = append(out, 0x00, 7<<3)
	for {
		chunk := b[:min(len(b), zstdBlockMax)]
		b = b[len(chunk):]
		header := uint32(len(chunk)) << 3 //nolint:gosec // G115: a chunk is at most 128 KiB
		if len(b) == 0 {
			header |= 1 // Last_Block
		}
		out = binary.LittleEndian.AppendUint32(out, header)[:len(out)+3] // the header is three bytes
		out = append(out, chunk...)
		if len(b) == 0 {
			return out
		}
	}
}
