package query

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/argcheck"
	"github.com/dynamodel/dynamodel/internal/backoff"
	"github.com/dynamodel/dynamodel/internal/capacity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/itemid"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
)

// MaxBatchGetKeys is the most keys DynamoDB reads in one BatchGetItem
// request.
const MaxBatchGetKeys = 100

// BatchGet's defaults for retrying unprocessed keys.
const (
	DefaultBatchAttempts  = 8
	DefaultBatchBaseDelay = 50 * time.Millisecond
	DefaultBatchMaxDelay  = 2 * time.Second
)

// BatchResult is what BatchGet read. Every distinct key given is in exactly
// one place: the key of one of Items or Invalid, or in Missing or
// Unprocessed.
type BatchResult[T any] struct {
	// Items are the items found (decoded, upgraded and validated), each
	// once, in the order their keys were first given.
	Items []T
	// Invalid are the items found that could not be read (a wrong
	// attribute type, a failed validation, an unknown schema version),
	// each with its primary key and typed error, in the order their keys
	// were first given. Unless SkipInvalid is given, BatchGet also
	// returns them as an *entity.ItemErrors.
	Invalid []entity.ItemError
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

// BatchOption configures BatchGet: ConsistentRead, Project,
// ConsumedCapacity, SkipInvalid, MaxAttempts and Backoff.
type BatchOption func(*batchConfig)

type batchConfig struct {
	consistent bool
	project    []string
	capacity   types.ReturnConsumedCapacity
	attempts   int
	backoff    backoff.Backoff
	skip       bool // SkipInvalid
	err        error
}

func (c *batchConfig) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// ConsistentRead makes BatchGet read strongly consistently (twice the RCU),
// as Query.ConsistentRead does a query.
func ConsistentRead() BatchOption {
	return func(c *batchConfig) { c.consistent = true }
}

// Project makes BatchGet read only the named top-level attributes, as
// Query.Project does a query. The key
// attributes are always read too (they match items to keys); validation
// covers only what is read. A name the model does not declare is refused
// with an *entity.InputError (entity.RuleUnknownPath) before any request
// is sent.
func Project(attributes ...string) BatchOption {
	return func(c *batchConfig) { c.project = append(c.project, attributes...) }
}

// ConsumedCapacity makes BatchGet ask DynamoDB to report capacity (TOTAL or
// INDEXES), summed into BatchResult.ConsumedCapacity, as
// Query.ConsumedCapacity does on a query's pages.
func ConsumedCapacity(mode types.ReturnConsumedCapacity) BatchOption {
	return func(c *batchConfig) { c.capacity = mode }
}

// SkipInvalid makes the items BatchGet cannot read a report in
// BatchResult.Invalid only, instead of also an *entity.ItemErrors error, as
// Query.SkipInvalid does on a query's pages.
func SkipInvalid() BatchOption {
	return func(c *batchConfig) { c.skip = true }
}

// MaxAttempts bounds the requests BatchGet sends for each chunk of keys, the
// first included (default DefaultBatchAttempts). Keys still unprocessed
// after that are returned in BatchResult.Unprocessed. n must be at least 1.
func MaxAttempts(n int) BatchOption {
	return func(c *batchConfig) {
		if n < 1 {
			c.fail(refuse("query.MaxAttempts", RuleBatchOption, "%d is less than 1", n))
			return
		}
		c.attempts = n
	}
}

// Backoff sets the waits between BatchGet's attempts: before retry n, a random
// time between 0 and min(max, base·2^(n-1)) ("full jitter"). The defaults
// are DefaultBatchBaseDelay and DefaultBatchMaxDelay. base must be positive
// and max at least base.
func Backoff(base, max time.Duration) BatchOption {
	return func(c *batchConfig) {
		if base <= 0 || max < base {
			c.fail(refuse("query.Backoff", RuleBatchOption, "(%v, %v) needs 0 < base ≤ max", base, max))
			return
		}
		c.backoff.Base, c.backoff.Max = base, max
	}
}

// BatchGet reads the items with the given primary keys from table's base
// table with BatchGetItem.
//
// Every key is encoded and checked first; an invalid one is a
// *entity.InputError naming its position, and nothing is sent. Duplicate keys are read once
// (DynamoDB refuses a request that names a key twice), so each item is in
// the result once. The keys are sent in chunks of MaxBatchGetKeys, one chunk
// after another. Keys DynamoDB leaves unprocessed (throttling, the 16 MB
// response limit) are sent again after an exponential backoff with full
// jitter (MaxAttempts, Backoff), the waits ending early when ctx
// is done; those still unprocessed after the last attempt are returned in
// BatchResult.Unprocessed, never dropped. Keys without an item are in
// BatchResult.Missing.
//
// An item that does not decode or validate does not stop BatchGet: it goes
// to BatchResult.Invalid with its key and typed error, and once every key
// has been read BatchGet returns the result together with an
// *entity.ItemErrors listing them (errors.Is matches entity.ErrValidation,
// entity.ErrDecode, ... through it), or with no error under
// SkipInvalid.
//
// If a request fails or ctx ends, BatchGet stops and returns the error
// together with the result so far: items found (and found invalid) and keys
// known missing, every other key in Unprocessed.
func BatchGet[T any](ctx context.Context, table *entity.Table[T], keys []entity.Key, opts ...BatchOption) (*BatchResult[T], error) {
	cfg := batchConfig{attempts: DefaultBatchAttempts, backoff: backoff.Backoff{Base: DefaultBatchBaseDelay, Max: DefaultBatchMaxDelay}}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.err != nil {
		return nil, cfg.err
	}
	if err := argcheck.Table("query.BatchGet", table); err != nil {
		return nil, err
	}
	meta, name := table.Meta(), table.Name()
	for _, a := range cfg.project {
		if err := model.Of(meta).CheckPaths(name, expr.Name(a)); err != nil {
			return nil, err
		}
	}
	client := model.TableOf(table).Client

	b := &batchGet[T]{meta: meta, table: name, pos: make(map[string]int, len(keys))}
	for _, a := range keyrules.All(meta.PrimaryKey()) {
		b.names = append(b.names, a.Name)
	}
	for i, k := range keys {
		av, err := model.Of(meta).EncodeKey(name, k)
		if err != nil {
			return nil, errs.Within(err, "query.BatchGet", name, fmt.Sprintf("key %d of %d", i, len(keys)))
		}
		id := b.id(av)
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
			pending = b.absorb(pending, out)
		}
	}
	res := b.result()
	if len(res.Invalid) > 0 && !cfg.skip {
		return res, &entity.ItemErrors{Errors: res.Invalid}
	}
	return res, nil
}

type keyState uint8

const (
	unresolved keyState = iota // not sent, unprocessed, or failed
	found
	missing
	invalid // found, but not read: see batchGet.invalid
)

// batchGet is one BatchGet call under way.
type batchGet[T any] struct {
	meta     *entity.Meta
	table    string
	names    []string       // the primary key's attribute names
	pos      map[string]int // item identity → index in keys
	keys     []entity.Key   // distinct keys, in the order given
	avs      []map[string]types.AttributeValue
	state    []keyState
	found    []T                      // found[i] is the item of keys[i] when state[i] == found
	invalid  map[int]entity.ItemError // why keys[i] was not read when state[i] == invalid
	extra    []T                      // items returned for keys not asked for (none from DynamoDB)
	extraBad []entity.ItemError       // such items that could not be read
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
	var paths []expr.Path
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			paths = append(paths, expr.Name(name))
			b.projected = append(b.projected, name)
		}
	}
	for _, a := range cfg.project {
		add(a)
	}
	for _, a := range b.names {
		add(a)
	}
	add(entity.VersionAttribute)
	if model.Of(b.meta).StampsType() {
		add(entity.TypeAttribute)
	}
	names := expr.NewBuilder(nil)
	projection, err := names.Projection(paths...)
	if err != nil {
		return ka, err
	}
	ka.ProjectionExpression = aws.String(projection)
	ka.ExpressionAttributeNames = names.Names()
	return ka, nil
}

// absorb takes in one answer to a request for the keys sent: it decodes the
// items (an item that does not decode or validate marks its key invalid),
// marks the keys without an item missing, and returns the keys left
// unprocessed.
func (b *batchGet[T]) absorb(sent []map[string]types.AttributeValue, out *dynamodb.BatchGetItemOutput) []map[string]types.AttributeValue {
	for i := range out.ConsumedCapacity {
		if aws.ToString(out.ConsumedCapacity[i].TableName) == b.table {
			b.capacity = capacity.Add(b.capacity, &out.ConsumedCapacity[i])
		}
	}
	for _, raw := range out.Responses[b.table] {
		i, ok := b.pos[b.id(raw)]
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
		opts := model.DecodeOptions{Projected: b.projected}
		if b.projected != nil {
			_, hasVersion := raw[entity.VersionAttribute]
			opts.NoMetadata = !hasVersion
		}
		if err := model.Of(b.meta).Decode(b.table, raw, dst, opts); err != nil {
			*dst = *new(T) // no half-decoded value left behind
			bad := entity.ItemError{Table: b.table, Key: model.Of(b.meta).KeyOf(raw), Err: err}
			if !ok {
				b.extra = b.extra[:len(b.extra)-1]
				b.extraBad = append(b.extraBad, bad)
				continue
			}
			if b.invalid == nil {
				b.invalid = make(map[int]entity.ItemError)
			}
			b.state[i], b.invalid[i] = invalid, bad
			continue
		}
		if ok {
			b.state[i] = found
		}
	}
	left := out.UnprocessedKeys[b.table].Keys
	still := make(map[int]bool, len(left))
	for _, k := range left {
		if i, ok := b.pos[b.id(k)]; ok {
			still[i] = true
		}
	}
	for _, k := range sent {
		i, ok := b.pos[b.id(k)]
		if ok && b.state[i] == unresolved && !still[i] {
			b.state[i] = missing
		}
	}
	return left
}

func (b *batchGet[T]) result() *BatchResult[T] {
	r := &BatchResult[T]{ConsumedCapacity: b.capacity, Requests: b.requests}
	for i, k := range b.keys {
		switch b.state[i] {
		case found:
			r.Items = append(r.Items, b.found[i])
		case missing:
			r.Missing = append(r.Missing, k)
		case invalid:
			r.Invalid = append(r.Invalid, b.invalid[i])
		default:
			r.Unprocessed = append(r.Unprocessed, k)
		}
	}
	r.Items = append(r.Items, b.extra...)
	r.Invalid = append(r.Invalid, b.extraBad...)
	return r
}

// id is the identity of the item with key (or of item, returned whole):
// DynamoDB returns numbers in its own form (1.50 as 1.5), so they are
// compared by value.
func (b *batchGet[T]) id(item map[string]types.AttributeValue) string {
	return itemid.OfItem(b.table, b.names, item)
}
