package query

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/backoff"
	"github.com/dynamodel/dynamodel/keys"
)

// BatchGetAPI is the one operation BatchGet sends; *dynamodb.Client has it.
type BatchGetAPI interface {
	BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error)
}

var _ BatchGetAPI = (*dynamodb.Client)(nil)

// MaxBatchGetKeys is the most keys DynamoDB reads in one BatchGetItem
// request.
const MaxBatchGetKeys = 100

// BatchGet's defaults for retrying unprocessed keys.
const (
	DefaultBatchAttempts  = 8
	DefaultBatchBaseDelay = 50 * time.Millisecond
	DefaultBatchMaxDelay  = 2 * time.Second
)

// ErrInvalidBatchOption reports a BatchOption out of range, before any
// request is sent.
var ErrInvalidBatchOption = errors.New("query: invalid batch option")

// BatchKeyError reports a key BatchGet cannot encode, before any request is
// sent. It wraps the *entity.KeyError, so it matches entity.ErrInvalidKey.
type BatchKeyError struct {
	Index int   // position of the key in the keys given
	Err   error // why, an *entity.KeyError
}

func (e *BatchKeyError) Error() string {
	return fmt.Sprintf("query: BatchGet key %d: %v", e.Index, e.Err)
}

func (e *BatchKeyError) Unwrap() error { return e.Err }

// BatchResult is what BatchGet read. Every distinct key given is in exactly
// one place: the key of one of Items, Missing or Unprocessed.
type BatchResult[T any] struct {
	// Items are the items found (decoded, upgraded and validated), each
	// once, in the order their keys were first given.
	Items []T
	// Missing are the keys DynamoDB answered for and has no item for, in
	// the order given.
	Missing []entity.Key
	// Unprocessed are the keys not read: still unprocessed after the last
	// attempt, or not sent (or not decoded) because of an error. They are
	// the keys as given, ready for another BatchGet.
	Unprocessed []entity.Key
	// ConsumedCapacity is reported when asked for, summed over requests.
	ConsumedCapacity *types.ConsumedCapacity
	// Requests is the number of BatchGetItem requests sent, retries
	// included.
	Requests int
}

// BatchOption configures BatchGet.
type BatchOption func(*batchConfig)

type batchConfig struct {
	client     BatchGetAPI
	consistent bool
	project    []string
	capacity   types.ReturnConsumedCapacity
	attempts   int
	backoff    backoff.Backoff
	err        error
}

func (c *batchConfig) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// BatchVia sends requests through client instead of the table's client.
func BatchVia(client BatchGetAPI) BatchOption {
	return func(c *batchConfig) { c.client = client }
}

// BatchConsistentRead asks for strongly consistent reads (twice the RCU).
func BatchConsistentRead() BatchOption {
	return func(c *batchConfig) { c.consistent = true }
}

// BatchProject reads only the named top-level attributes. The key
// attributes are always read too (they match items to keys); validation
// covers only what is read. A name the model does not declare is refused
// with an *entity.UnknownPathError before any request is sent.
func BatchProject(attributes ...string) BatchOption {
	return func(c *batchConfig) { c.project = append(c.project, attributes...) }
}

// BatchConsumedCapacity asks DynamoDB to report capacity (TOTAL or INDEXES),
// summed into BatchResult.ConsumedCapacity.
func BatchConsumedCapacity(mode types.ReturnConsumedCapacity) BatchOption {
	return func(c *batchConfig) { c.capacity = mode }
}

// BatchMaxAttempts bounds the requests sent for each chunk of keys, the
// first included (default DefaultBatchAttempts). Keys still unprocessed
// after that are returned in BatchResult.Unprocessed. n must be at least 1.
func BatchMaxAttempts(n int) BatchOption {
	return func(c *batchConfig) {
		if n < 1 {
			c.fail(fmt.Errorf("%w: BatchMaxAttempts %d is less than 1", ErrInvalidBatchOption, n))
			return
		}
		c.attempts = n
	}
}

// BatchBackoff sets the waits between attempts: before retry n, a random
// time between 0 and min(max, base·2^(n-1)) ("full jitter"). The defaults
// are DefaultBatchBaseDelay and DefaultBatchMaxDelay. base must be positive
// and max at least base.
func BatchBackoff(base, max time.Duration) BatchOption {
	return func(c *batchConfig) {
		if base <= 0 || max < base {
			c.fail(fmt.Errorf("%w: BatchBackoff(%v, %v) needs 0 < base ≤ max", ErrInvalidBatchOption, base, max))
			return
		}
		c.backoff.Base, c.backoff.Max = base, max
	}
}

// BatchGet reads the items with the given primary keys from table's base
// table with BatchGetItem.
//
// Every key is encoded and checked first; an invalid one is a
// *BatchKeyError and nothing is sent. Duplicate keys are read once
// (DynamoDB refuses a request that names a key twice), so each item is in
// the result once. The keys are sent in chunks of MaxBatchGetKeys, one chunk
// after another. Keys DynamoDB leaves unprocessed (throttling, the 16 MB
// response limit) are sent again after an exponential backoff with full
// jitter (BatchMaxAttempts, BatchBackoff), the waits ending early when ctx
// is done; those still unprocessed after the last attempt are returned in
// BatchResult.Unprocessed, never dropped. Keys without an item are in
// BatchResult.Missing.
//
// If a request fails, ctx ends, or an item fails to decode, BatchGet stops
// and returns the error together with the result so far: items found and
// keys known missing, every other key in Unprocessed.
func BatchGet[T any](ctx context.Context, table *entity.Table[T], keys []entity.Key, opts ...BatchOption) (*BatchResult[T], error) {
	cfg := batchConfig{attempts: DefaultBatchAttempts, backoff: backoff.Backoff{Base: DefaultBatchBaseDelay, Max: DefaultBatchMaxDelay}}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.err != nil {
		return nil, cfg.err
	}
	meta, name := table.Meta(), table.Name()
	for _, a := range cfg.project {
		if err := meta.CheckPaths(name, cond.Name(a)); err != nil {
			return nil, err
		}
	}
	client := cfg.client
	if client == nil {
		c, ok := table.Client().(BatchGetAPI)
		if !ok {
			return nil, noClientError("BatchGetItem")
		}
		client = c
	}

	b := &batchGet[T]{meta: meta, table: name, attrs: meta.PrimaryKey().All(), pos: make(map[string]int, len(keys))}
	for i, k := range keys {
		av, err := meta.EncodeKey(name, k)
		if err != nil {
			return nil, &BatchKeyError{Index: i, Err: err}
		}
		id := keyID(av, b.attrs)
		if _, dup := b.pos[id]; dup {
			continue
		}
		b.pos[id] = len(b.keys)
		b.keys = append(b.keys, k)
		b.avs = append(b.avs, av)
	}
	tmpl, err := b.template(cfg)
	if err != nil {
		return nil, err
	}

	b.state = make([]keyState, len(b.keys))
	b.found = make([]T, len(b.keys))
	for start := 0; start < len(b.keys); start += MaxBatchGetKeys {
		pending := b.avs[start:min(start+MaxBatchGetKeys, len(b.keys))]
		for attempt := 1; len(pending) > 0 && attempt <= cfg.attempts; attempt++ {
			if attempt > 1 {
				if err := backoff.Sleep(ctx, cfg.backoff.Delay(attempt-1)); err != nil {
					return b.result(), err
				}
			}
			ka := tmpl
			ka.Keys = pending
			out, err := client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{
				RequestItems:           map[string]types.KeysAndAttributes{name: ka},
				ReturnConsumedCapacity: cfg.capacity,
			})
			b.requests++
			if err != nil {
				return b.result(), fmt.Errorf("dynamodel: BatchGetItem %s: %w", name, err)
			}
			if pending, err = b.absorb(pending, out); err != nil {
				return b.result(), err
			}
		}
	}
	return b.result(), nil
}

type keyState uint8

const (
	unresolved keyState = iota // not sent, unprocessed, or failed
	found
	missing
)

// batchGet is one BatchGet call under way.
type batchGet[T any] struct {
	meta     *entity.Meta
	table    string
	attrs    []keys.Attribute
	pos      map[string]int // keyID → index in keys
	keys     []entity.Key   // distinct keys, in the order given
	avs      []map[string]types.AttributeValue
	state    []keyState
	found    []T // found[i] is the item of keys[i] when state[i] == found
	extra    []T // items returned for keys not asked for (none from DynamoDB)
	capacity *types.ConsumedCapacity
	requests int
	// projected lists the attributes read; nil for whole items.
	projected []string
}

// template is the KeysAndAttributes every request shares, without keys.
func (b *batchGet[T]) template(cfg batchConfig) (types.KeysAndAttributes, error) {
	var ka types.KeysAndAttributes
	if cfg.consistent {
		ka.ConsistentRead = aws.Bool(true)
	}
	if len(cfg.project) == 0 {
		return ka, nil
	}
	seen := map[string]bool{}
	var paths []cond.Path
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			paths = append(paths, cond.Name(name))
			b.projected = append(b.projected, name)
		}
	}
	for _, a := range cfg.project {
		add(a)
	}
	for _, a := range b.attrs {
		add(a.Name)
	}
	add(entity.VersionAttribute)
	if b.meta.StampsType() {
		add(entity.TypeAttribute)
	}
	names := cond.NewBuilder(nil)
	expr, err := names.Projection(paths...)
	if err != nil {
		return ka, err
	}
	ka.ProjectionExpression = aws.String(expr)
	ka.ExpressionAttributeNames = names.Names()
	return ka, nil
}

// absorb takes in one answer to a request for the keys sent: it decodes the
// items, marks the keys without an item missing, and returns the keys left
// unprocessed.
func (b *batchGet[T]) absorb(sent []map[string]types.AttributeValue, out *dynamodb.BatchGetItemOutput) ([]map[string]types.AttributeValue, error) {
	for i := range out.ConsumedCapacity {
		if aws.ToString(out.ConsumedCapacity[i].TableName) == b.table {
			b.capacity = addCapacity(b.capacity, &out.ConsumedCapacity[i])
		}
	}
	for _, raw := range out.Responses[b.table] {
		i, ok := b.pos[keyID(raw, b.attrs)]
		var dst *T
		switch {
		case !ok:
			b.extra = append(b.extra, *new(T))
			dst = &b.extra[len(b.extra)-1]
		case b.state[i] == unresolved:
			dst = &b.found[i]
		default:
			continue // answered already
		}
		opts := entity.DecodeOptions{Projected: b.projected}
		if b.projected != nil {
			_, hasVersion := raw[entity.VersionAttribute]
			opts.NoMetadata = !hasVersion
		}
		if err := b.meta.Decode(b.table, raw, dst, opts); err != nil {
			if !ok {
				b.extra = b.extra[:len(b.extra)-1]
			}
			return nil, err
		}
		if ok {
			b.state[i] = found
		}
	}
	left := out.UnprocessedKeys[b.table].Keys
	still := make(map[int]bool, len(left))
	for _, k := range left {
		if i, ok := b.pos[keyID(k, b.attrs)]; ok {
			still[i] = true
		}
	}
	for _, k := range sent {
		i, ok := b.pos[keyID(k, b.attrs)]
		if ok && b.state[i] == unresolved && !still[i] {
			b.state[i] = missing
		}
	}
	return left, nil
}

func (b *batchGet[T]) result() *BatchResult[T] {
	r := &BatchResult[T]{ConsumedCapacity: b.capacity, Requests: b.requests}
	for i, k := range b.keys {
		switch b.state[i] {
		case found:
			r.Items = append(r.Items, b.found[i])
		case missing:
			r.Missing = append(r.Missing, k)
		default:
			r.Unprocessed = append(r.Unprocessed, k)
		}
	}
	r.Items = append(r.Items, b.extra...)
	return r
}

// keyID identifies a primary key the way DynamoDB compares keys: the
// attributes in schema order, numbers in a canonical form (DynamoDB returns
// 1.50 as 1.5).
func keyID(key map[string]types.AttributeValue, attrs []keys.Attribute) string {
	id := make([]byte, 0, 32)
	for _, a := range attrs {
		var t byte
		var raw string
		switch v := key[a.Name].(type) {
		case *types.AttributeValueMemberS:
			t, raw = 'S', v.Value
		case *types.AttributeValueMemberN:
			t, raw = 'N', canonicalNumber(v.Value)
		case *types.AttributeValueMemberB:
			t, raw = 'B', string(v.Value)
		default:
			t = '?'
		}
		id = append(id, t)
		id = binary.AppendUvarint(id, uint64(len(raw)))
		id = append(id, raw...)
	}
	return string(id)
}

// canonicalNumber writes a DynamoDB number as sign, significant digits
// without leading or trailing zeros, and exponent, so that equal numbers
// are equal strings ("0" for zero). Anything that is not a number is kept
// as it is, marked so that it equals no number.
func canonicalNumber(s string) string {
	t := s
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg, t = t[0] == '-', t[1:]
	}
	exp := 0
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		e, err := strconv.Atoi(t[i+1:])
		if err != nil {
			return "?" + s
		}
		exp, t = e, t[:i]
	}
	intPart, frac, _ := strings.Cut(t, ".")
	digits := intPart + frac
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "?" + s
	}
	exp -= len(frac)
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return "0"
	}
	trimmed := strings.TrimRight(digits, "0")
	exp += len(digits) - len(trimmed)
	if neg {
		trimmed = "-" + trimmed
	}
	return trimmed + "e" + strconv.Itoa(exp)
}
