package query

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/keys"
)

// A cursor is a LastEvaluatedKey made safe to hand to a client: opaque,
// URL-safe, bound to the query it came from, and, when the application
// gives a key, signed so that a client cannot forge one.
//
// Layout before base64url: version (1 byte) · binding (8 bytes, a hash of
// table, index and key condition) · the key attributes · a tag (16 bytes:
// HMAC-SHA-256 with the application's key, or plain SHA-256 without one,
// which catches corruption but not forgery).

const (
	cursorVersion = 1
	bindingLen    = 8
	tagLen        = 16
	maxCursorLen  = 8 << 10 // DynamoDB keys are at most a few KB
)

// bindingOf hashes what a cursor is only valid for.
func bindingOf(parts ...[]byte) [bindingLen]byte {
	h := sha256.New()
	var n [4]byte
	for _, p := range parts {
		binary.BigEndian.PutUint32(n[:], uint32(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	var out [bindingLen]byte
	copy(out[:], h.Sum(nil))
	return out
}

// appendAV appends a canonical encoding of a key value: type byte, length,
// bytes.
func appendAV(b []byte, v types.AttributeValue) ([]byte, error) {
	var t byte
	var raw []byte
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		t, raw = 'S', []byte(x.Value)
	case *types.AttributeValueMemberN:
		t, raw = 'N', []byte(x.Value)
	case *types.AttributeValueMemberB:
		t, raw = 'B', x.Value
	default:
		return nil, fmt.Errorf("key values are S, N or B, got %T", v)
	}
	b = append(b, t)
	b = binary.AppendUvarint(b, uint64(len(raw)))
	return append(b, raw...), nil
}

func readAV(b []byte) (types.AttributeValue, []byte, bool) {
	if len(b) < 1 {
		return nil, nil, false
	}
	t := b[0]
	n, w := binary.Uvarint(b[1:])
	if w <= 0 || uint64(len(b)-1-w) < n {
		return nil, nil, false
	}
	raw := b[1+w : 1+w+int(n)]
	rest := b[1+w+int(n):]
	switch t {
	case 'S':
		return &types.AttributeValueMemberS{Value: string(raw)}, rest, true
	case 'N':
		return &types.AttributeValueMemberN{Value: string(raw)}, rest, true
	case 'B':
		return &types.AttributeValueMemberB{Value: append([]byte(nil), raw...)}, rest, true
	}
	return nil, nil, false
}

func cursorTag(key []byte, body []byte) []byte {
	if key == nil {
		sum := sha256.Sum256(body)
		return sum[:tagLen]
	}
	m := hmac.New(sha256.New, key)
	m.Write(body)
	return m.Sum(nil)[:tagLen]
}

// encodeCursor turns a LastEvaluatedKey into a cursor; "" for none.
func encodeCursor(lek map[string]types.AttributeValue, binding [bindingLen]byte, key []byte) (string, error) {
	if len(lek) == 0 {
		return "", nil
	}
	names := make([]string, 0, len(lek))
	for k := range lek {
		names = append(names, k)
	}
	sort.Strings(names)
	b := make([]byte, 0, 64)
	b = append(b, cursorVersion)
	b = append(b, binding[:]...)
	b = binary.AppendUvarint(b, uint64(len(names)))
	for _, name := range names {
		b = binary.AppendUvarint(b, uint64(len(name)))
		b = append(b, name...)
		var err error
		if b, err = appendAV(b, lek[name]); err != nil {
			return "", fmt.Errorf("query: cursor attribute %s: %w", name, err)
		}
	}
	b = append(b, cursorTag(key, b)...)
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// decodeCursor checks a cursor and returns its key attributes. The
// attributes must be exactly those of want (the table's and the index's key
// attributes) with their declared types.
func decodeCursor(s string, binding [bindingLen]byte, key []byte, want []keys.Attribute) (map[string]types.AttributeValue, error) {
	if len(s) > maxCursorLen {
		return nil, cursorError(RuleCursor, "%d bytes is longer than any cursor", len(s))
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, cursorError(RuleCursor, "not base64url")
	}
	if len(b) < 1+bindingLen+1+tagLen {
		return nil, cursorError(RuleCursor, "too short")
	}
	body, tag := b[:len(b)-tagLen], b[len(b)-tagLen:]
	if !hmac.Equal(tag, cursorTag(key, body)) {
		return nil, cursorError(RuleCursorTampered, "it was altered or signed with another key")
	}
	if body[0] != cursorVersion {
		return nil, cursorError(RuleCursor, "unknown cursor version %d", body[0])
	}
	if [bindingLen]byte(body[1:1+bindingLen]) != binding {
		return nil, cursorError(RuleCursorMismatch, "it belongs to another query")
	}
	rest := body[1+bindingLen:]
	count, w := binary.Uvarint(rest)
	if w <= 0 || count != uint64(len(want)) {
		return nil, cursorError(RuleCursor, "wrong number of key attributes")
	}
	rest = rest[w:]
	wantTypes := make(map[string]types.ScalarAttributeType, len(want))
	for _, a := range want {
		wantTypes[a.Name] = a.Type
	}
	out := make(map[string]types.AttributeValue, count)
	for i := uint64(0); i < count; i++ {
		n, w := binary.Uvarint(rest)
		if w <= 0 || uint64(len(rest)-w) < n {
			return nil, cursorError(RuleCursor, "truncated")
		}
		name := string(rest[w : w+int(n)])
		rest = rest[w+int(n):]
		v, r, ok := readAV(rest)
		if !ok {
			return nil, cursorError(RuleCursor, "truncated")
		}
		rest = r
		wantType, known := wantTypes[name]
		if !known || keyrules.TypeOf(v) != wantType {
			return nil, cursorError(RuleCursor, "attribute %q is not a key of this query", name)
		}
		if _, dup := out[name]; dup {
			return nil, cursorError(RuleCursor, "attribute %q twice", name)
		}
		out[name] = v
	}
	if len(rest) != 0 {
		return nil, cursorError(RuleCursor, "trailing bytes")
	}
	return out, nil
}
