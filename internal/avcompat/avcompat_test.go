// Package avcompat runs the codec's differential tests against the
// attributevalue version this module selects (see go.mod and
// scripts/avcompat.sh).
package avcompat

import (
	"testing"

	"github.com/dynamodel/dynamodel/internal/avdiff"
)

func TestCodecMatchesThisAttributeValue(t *testing.T) {
	st := avdiff.Run(t, avdiff.Options{Seed: avdiff.SeedFromEnv(1), Types: 4000})
	t.Logf("%d struct types, %d encodings and %d decodings compared (%d inputs on which attributevalue panics)",
		st.Types, st.Encodes, st.Decodes, st.AVPanics)
}
