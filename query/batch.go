package query

import (
	"context"
	"fmt"
	"slices"
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
	// were first given. Unless SkipInvalid is given, Run also
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

// BatchGet reads the items with the given primary keys from one table's
// base table with BatchGetItem. It is a builder, like Query: each method
// changes it and returns it, the first mistake (MaxAttempts or Backoff out
// of range, an attribute Project names that the model does not declare) is
// kept, and Run returns it before any request is sent.
//
//	res, err := query.NewBatchGet(orders, keys...).ConsistentRead().Run(ctx)
//
// Run only reads the BatchGet: a built one can be run again, or from
// several goroutines at once.
type BatchGet[T any] struct {
	table      *entity.Table[T]
	keys       []entity.Key
	consistent bool
	project    []string
	capacity   types.ReturnConsumedCapacity
	attempts   int
	backoff    backoff.Backoff
	skip       bool // SkipInvalid
	err        error
}

// NewBatchGet starts a BatchGet of the items with the given primary keys
// (copied) from table's base table. Without keys, Run sends nothing and
// returns an empty result.
func NewBatchGet[T any](table *entity.Table[T], keys ...entity.Key) *BatchGet[T] {
	return &BatchGet[T]{
		table:    table,
		keys:     slices.Clone(keys),
		attempts: DefaultBatchAttempts,
		backoff:  backoff.Backoff{Base: DefaultBatchBaseDelay, Max: DefaultBatchMaxDelay},
		err:      argcheck.Table("query.BatchGet", table),
	}
}

func (g *BatchGet[T]) fail(err error) *BatchGet[T] {
	if g.err == nil {
		g.err = err
	}
	return g
}

// ConsistentRead reads strongly consistently (twice the RCU), as
// Query.ConsistentRead does a query.
func (g *BatchGet[T]) ConsistentRead() *BatchGet[T] { g.consistent = true; return g }

// Project reads only the named top-level attributes, as Query.Project does
// a query. The key attributes are always read too (they match items to
// keys); validation covers only what is read. A name the model does not
// declare is refused with an *entity.InputError (entity.RuleUnknownPath)
// by Run, before any request is sent.
func (g *BatchGet[T]) Project(attributes ...string) *BatchGet[T] {
	if g.err != nil {
		return g
	}
	meta, name := g.table.Meta(), g.table.Name()
	for _, a := range attributes {
		if err := model.Of(meta).CheckPaths(name, expr.Name(a)); err != nil {
			return g.fail(err)
		}
	}
	g.project = append(g.project, attributes...)
	return g
}

// ConsumedCapacity asks DynamoDB to report capacity (TOTAL or INDEXES),
// summed into BatchResult.ConsumedCapacity, as Query.ConsumedCapacity does
// on a query's pages.
func (g *BatchGet[T]) ConsumedCapacity(mode types.ReturnConsumedCapacity) *BatchGet[T] {
	g.capacity = mode
	return g
}

// SkipInvalid makes the items that cannot be read a report in
// BatchResult.Invalid only, instead of also an *entity.ItemErrors error, as
// Query.SkipInvalid does on a query's pages.
func (g *BatchGet[T]) SkipInvalid() *BatchGet[T] { g.skip = true; return g }

// MaxAttempts bounds the requests Run sends for each chunk of keys, the
// first included (default DefaultBatchAttempts). Keys still unprocessed
// after that are returned in BatchResult.Unprocessed. n below 1 is refused
// with an *entity.InputError (RuleBatchOption) by Run.
func (g *BatchGet[T]) MaxAttempts(n int) *BatchGet[T] {
	if n < 1 {
		return g.fail(refuse("query.BatchGet.MaxAttempts", RuleBatchOption, "%d is less than 1", n))
	}
	g.attempts = n
	return g
}

// Backoff sets the waits between attempts: before retry n, a random time
// between 0 and min(max, base·2^(n-1)) ("full jitter"). The defaults are
// DefaultBatchBaseDelay and DefaultBatchMaxDelay. Unless 0 < base ≤ max,
// Run refuses it with an *entity.InputError (RuleBatchOption).
func (g *BatchGet[T]) Backoff(base, max time.Duration) *BatchGet[T] {
	if why := backoff.Check(base, max); why != "" {
		return g.fail(refuse("query.BatchGet.Backoff", RuleBatchOption, "%s", why))
	}
	g.backoff.Base, g.backoff.Max = base, max
	return g
}

// Run reads the items.
//
// Every key is encoded and checked first; an invalid one is a
// *entity.InputError naming its position, and nothing is sent. Duplicate
// keys are read once (DynamoDB refuses a request that names a key twice),
// so each item is in the result once. The keys are sent in chunks of
// MaxBatchGetKeys, one chunk after another. Keys DynamoDB leaves
// unprocessed (throttling, the 16 MB response limit) are sent again after
// an exponential backoff with full jitter (MaxAttempts, Backoff), the waits
// ending early when ctx is done; those still unprocessed after the last
// attempt are returned in BatchResult.Unprocessed, never dropped. Keys
// without an item are in BatchResult.Missing.
//
// An item that does not decode or validate does not stop Run: it goes to
// BatchResult.Invalid with its key and typed error, and once every key has
// been read Run returns the result together with an *entity.ItemErrors
// listing them (errors.Is matches entity.ErrValidation, entity.ErrDecode,
// ... through it), or with no error under SkipInvalid.
//
// If a request fails or ctx ends, Run stops and returns the error together
// with the result so far: items found (and found invalid) and keys known
// missing, every other key in Unprocessed.
func (g *BatchGet[T]) Run(ctx context.Context) (*BatchResult[T], error) {
	if g.err != nil {
		return nil, g.err
	}
	meta, name := g.table.Meta(), g.table.Name()
	client := model.TableOf(g.table).Client

	b := &batchGet[T]{meta: meta, table: name, pos: make(map[string]int, len(g.keys))}
	for _, a := range keyrules.All(meta.PrimaryKey()) {
		b.names = append(b.names, a.Name)
	}
	for i, k := range g.keys {
		av, err := model.Of(meta).EncodeKey(name, k)
		if err != nil {
			return nil, errs.Within(err, "query.BatchGet", name, fmt.Sprintf("key %d of %d", i, len(g.keys)))
		}
		id := b.id(av)
		if _, dup := b.pos[id]; dup {
			continue
		}
		b.pos[id] = len(b.keys)
		b.keys = append(b.keys, k)
		b.avs = append(b.avs, av)
	}
	tmpl, err := b.template(g.consistent, g.project)
	if err != nil {
		return nil, err
	}

	b.state = make([]keyState, len(b.keys))
	b.found = make([]T, len(b.keys))
	for start := 0; start < len(b.keys); start += MaxBatchGetKeys {
		pending := b.avs[start:min(start+MaxBatchGetKeys, len(b.keys))]
		for attempt := 1; len(pending) > 0 && attempt <= g.attempts; attempt++ {
			if attempt > 1 {
				if err := backoff.Sleep(ctx, g.backoff.Delay(attempt-1)); err != nil {
					return b.result(), err
				}
			}
			ka := tmpl
			ka.Keys = pending
			out, err := client.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{
				RequestItems:           map[string]types.KeysAndAttributes{name: ka},
				ReturnConsumedCapacity: g.capacity,
			})
			b.requests++
			if err != nil {
				return b.result(), fmt.Errorf("dynamodel: BatchGetItem %s: %w", name, err)
			}
			pending = b.absorb(pending, out)
		}
	}
	res := b.result()
	if len(res.Invalid) > 0 && !g.skip {
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

// batchGet is one BatchGet.Run under way.
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
func (b *batchGet[T]) template(consistent bool, project []string) (types.KeysAndAttributes, error) {
	var ka types.KeysAndAttributes
	if consistent {
		ka.ConsistentRead = aws.Bool(true)
	}
	if len(project) == 0 {
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
	for _, a := range project {
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
