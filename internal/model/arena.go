package model

import (
	"reflect"
	"sync"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// encState is the scratch space of one encoding: attribute value members
// are handed out from slabs instead of being allocated one by one, and the
// text of numbers and times is appended to one buffer and sliced, not
// copied. Everything handed out belongs to the encoded item; nothing is
// reused across encodings, so the item stays valid and immutable.
type encState struct {
	s   []types.AttributeValueMemberS
	n   []types.AttributeValueMemberN
	m   []types.AttributeValueMemberM
	l   []types.AttributeValueMemberL
	buf []byte
	// small: encoding one value (a key, a default); slabs would waste
	// more than they save.
	small bool
}

// itemArena is an encState with its first slabs inline: one allocation
// covers a typical item.
type itemArena struct {
	encState
	sArr   [12]types.AttributeValueMemberS
	nArr   [8]types.AttributeValueMemberN
	mArr   [4]types.AttributeValueMemberM
	lArr   [2]types.AttributeValueMemberL
	bufArr [128]byte
}

// oneStates holds the states used to encode single values (keys, condition
// values). In small mode a state hands out nothing of its own, so it can be
// reused once its buffer is dropped.
var oneStates = sync.Pool{New: func() any { return &encState{small: true} }}

// encodeOne encodes a single value with enc.
func encodeOne(enc encodeFunc, v reflect.Value) (types.AttributeValue, error) {
	e := oneStates.Get().(*encState)
	av, err := enc(e, v)
	*e = encState{small: true}
	oneStates.Put(e)
	return av, err
}

const slabSize = 8

// take hands out the next member of a slab, starting a new slab of
// slabSize when it is empty; in small mode it allocates the member alone.
func take[T any](slab *[]T, small bool) *T {
	if len(*slab) == 0 {
		if small {
			return new(T)
		}
		*slab = make([]T, slabSize)
	}
	m := &(*slab)[0]
	*slab = (*slab)[1:]
	return m
}

func newEncState() *encState {
	a := &itemArena{}
	e := &a.encState
	e.s, e.n, e.m, e.l, e.buf = a.sArr[:], a.nArr[:], a.mArr[:], a.lArr[:], a.bufArr[:0]
	return e
}

func (e *encState) str(v string) *types.AttributeValueMemberS {
	m := take(&e.s, e.small)
	m.Value = v
	return m
}

func (e *encState) num(v string) *types.AttributeValueMemberN {
	m := take(&e.n, e.small)
	m.Value = v
	return m
}

// text appends with add and returns what was appended as a string sharing
// the buffer's memory. Those bytes are never written again: an append only
// writes past the buffer's length, and one that outgrows the buffer moves
// on to new memory, leaving the old bytes as they are.
func (e *encState) text(add func([]byte) []byte) string {
	start := len(e.buf)
	e.buf = add(e.buf)
	if len(e.buf) == start {
		return ""
	}
	return unsafe.String(&e.buf[start], len(e.buf)-start)
}

func (e *encState) mapValue(v map[string]types.AttributeValue) *types.AttributeValueMemberM {
	m := take(&e.m, e.small)
	m.Value = v
	return m
}

func (e *encState) list(v []types.AttributeValue) *types.AttributeValueMemberL {
	m := take(&e.l, e.small)
	m.Value = v
	return m
}

func (e *encState) null() types.AttributeValue {
	return &types.AttributeValueMemberNULL{Value: true}
}
