package entity_test

import (
	"testing"

	"github.com/dynamodel/dynamodel/internal/avdiff"
)

// The codec against the attributevalue version in go.mod, over generated
// types × tags × values and stored items of every kind
// (internal/avcompat runs the same against the newest version).
func TestCodecMatchesAttributeValueOnGeneratedTypes(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 500
	}
	st := avdiff.Run(t, avdiff.Options{Seed: avdiff.SeedFromEnv(1), Types: n})
	t.Logf("%d struct types, %d encodings and %d decodings compared (%d inputs on which attributevalue panics)", st.Types, st.Encodes, st.Decodes, st.AVPanics)
}

// FuzzCodecOnGeneratedTypes explores the generator's seeds: each seed
// builds a few more types, values and items.
func FuzzCodecOnGeneratedTypes(f *testing.F) {
	for _, seed := range []uint64{0, 2, 3, 1 << 40} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		avdiff.Run(t, avdiff.Options{Seed: seed, Types: 4})
	})
}
