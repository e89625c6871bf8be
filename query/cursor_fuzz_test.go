package query

import (
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/keys"
)

// FuzzCursorDecoder feeds arbitrary strings to the cursor decoder: it must
// never panic, must refuse anything it did not make with ErrInvalidCursor,
// and must round-trip what it made.
func FuzzCursorDecoder(f *testing.F) {
	want := []keys.Attribute{{Name: "pk", Type: types.ScalarAttributeTypeS}, {Name: "n", Type: types.ScalarAttributeTypeN}}
	binding := bindingOf([]byte("table"), []byte("index"))
	good, _ := encodeCursor(map[string]types.AttributeValue{
		"pk": &types.AttributeValueMemberS{Value: "a"}, "n": &types.AttributeValueMemberN{Value: "1"},
	}, binding, []byte("k"))
	for _, s := range []string{good, "", "AAAA", good[:len(good)/2], good + "A", "!!!"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, signed bool) {
		var key []byte
		if signed {
			key = []byte("k")
		}
		lek, err := decodeCursor(s, binding, key, want)
		if err != nil {
			if !errors.Is(err, ErrInvalidCursor) {
				t.Fatalf("error %v does not match ErrInvalidCursor", err)
			}
			return
		}
		if len(lek) != len(want) {
			t.Fatalf("accepted a cursor with %d attributes", len(lek))
		}
		again, err := encodeCursor(lek, binding, key)
		if err != nil {
			t.Fatal(err)
		}
		if back, err := decodeCursor(again, binding, key, want); err != nil || len(back) != len(lek) {
			t.Fatalf("re-encoded cursor does not decode: %v", err)
		}
	})
}
