package schema

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/keys"
)

// DynamoDB's per-table limits checked before a table is created.
const (
	// MaxGlobalIndexes is the default quota of global secondary indexes
	// per table.
	MaxGlobalIndexes = 20
	// MaxLocalIndexes is the most local secondary indexes a table can have.
	MaxLocalIndexes = 5
	// MaxProjectedAttributes is the most INCLUDE (non-key) attributes
	// summed over all the indexes of a table; an attribute projected into
	// two indexes counts twice.
	MaxProjectedAttributes = 100
)

// DefaultMaxWait is how long a wait for a table to become ACTIVE lasts
// when [Settings.MaxWait] is zero, as it always is for [CreateTable],
// [EnsureTable] and [WaitActive].
const DefaultMaxWait = 5 * time.Minute

// Capacity is provisioned throughput in read and write capacity units.
type Capacity struct {
	Read, Write int64
}

// Settings configure the table beyond its keys and indexes. The zero value
// describes an on-demand (PAY_PER_REQUEST) table of the default class,
// without deletion protection, streams or tags, and waits up to
// [DefaultMaxWait] for it to become ACTIVE.
type Settings struct {
	// Provisioned switches the table to PROVISIONED billing with this
	// capacity. Every global secondary index gets the same capacity
	// unless IndexCapacity names it. Nil means PAY_PER_REQUEST.
	Provisioned *Capacity
	// IndexCapacity sets the capacity of individual global secondary
	// indexes of a PROVISIONED table. Local secondary indexes share the
	// table's capacity and cannot be named here.
	IndexCapacity map[string]Capacity
	// MaxOnDemand caps the read and write request units per second of an
	// on-demand table (DynamoDB's OnDemandThroughput), so that a runaway
	// client cannot run up the bill; nil leaves it uncapped. It applies
	// to the table only and cannot be combined with Provisioned.
	MaxOnDemand *Capacity
	// TableClass is STANDARD or STANDARD_INFREQUENT_ACCESS; "" leaves
	// DynamoDB's default (STANDARD).
	TableClass types.TableClass
	// DeletionProtection turns on deletion protection.
	DeletionProtection bool
	// Stream enables a DynamoDB stream with this view type; "" means no
	// stream.
	Stream types.StreamViewType
	// Tags are added to the table, sorted by key.
	Tags map[string]string
	// MaxWait bounds how long Definition.Create and Ensure wait for the
	// table and its global secondary indexes to become ACTIVE, and how
	// long Apply waits for the table (an index backfill only by ctx);
	// zero means DefaultMaxWait. The package functions CreateTable,
	// EnsureTable and WaitActive use the zero Settings: for another
	// bound, Define with these Settings and call the Definition's
	// methods, or give a ctx with an earlier deadline.
	MaxWait time.Duration
}

// Definition is the desired state of one table, computed from the models
// of the entities it holds and the [Settings]: what [Definition.Create]
// creates, what [Definition.Plan] compares a live table with, and what the
// schema/iac package exports. Build it with [Define] or [Settings.Define].
type Definition struct {
	// Table is the CreateTable request that creates the table as declared
	// (the request is built, not sent: Create sends it).
	Table *dynamodb.CreateTableInput
	// TTLAttribute is the time-to-live attribute an entity declares
	// (ddb:"ttl"), or "" when none does. DynamoDB sets it apart from the
	// table, with UpdateTimeToLive, so CreateTable does not enable it;
	// [Definition.Apply] does.
	TTLAttribute string

	def   *tableDef
	metas []*entity.Meta
	opts  Settings
}

// Define computes the [Definition] of a table named tableName holding the
// entities in metas, with the zero [Settings] (on-demand billing). See
// [Settings.Define].
func Define(tableName string, metas ...*entity.Meta) (*Definition, error) {
	return Settings{}.Define(tableName, metas...)
}

// Define computes the [Definition] of a table named tableName that holds the
// items of every entity in metas. The entities' own table names (the Model
// tag's table=) are not used.
//
// All entities must declare the same primary key. The Definition's Table
// has:
//
//   - AttributeDefinitions: every key attribute of the table and of its
//     indexes, once each, sorted by name, and nothing else (DynamoDB
//     refuses definitions no key schema uses);
//   - KeySchema: the primary key, HASH then RANGE;
//   - GlobalSecondaryIndexes and LocalSecondaryIndexes: the union of the
//     entities' indexes, sorted by name; each index's KeySchema lists all
//     its HASH attributes before its RANGE attributes, each side in
//     position order. Two entities may declare the same index only with
//     the same kind, key schema and projection;
//   - the billing mode, capacity, table class, deletion protection, stream
//     and tags of the Settings.
//
// An INCLUDE projection lists its non-key attributes sorted by name, leaves
// out attributes that are keys of the table or of the index (they are
// always projected), and adds the library's metadata attributes
// ([entity.VersionAttribute], and [entity.TypeAttribute] when an entity of
// the table stamps its type), so items read from the index can be decoded
// and upgraded like items read from the table. These count towards
// [MaxProjectedAttributes].
//
// Entities that declare a time-to-live attribute must agree on it: a
// table has one.
//
// Nothing is sent. Every problem is reported as an *entity.InputError with
// one of RuleInvalidTable, RuleKeyMismatch, RuleTypeConflict,
// RuleIndexConflict, RuleTTLConflict, RuleLimit or RuleInvalidSettings.
func (o Settings) Define(tableName string, metas ...*entity.Meta) (*Definition, error) {
	d, err := describe(tableName, metas)
	if err != nil {
		return nil, err
	}
	in := &dynamodb.CreateTableInput{
		TableName:            aws.String(tableName),
		AttributeDefinitions: d.attributeDefinitions(),
		KeySchema:            keyrules.KeySchema(d.primary),
	}
	for _, ix := range d.globals {
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName:  aws.String(ix.Name),
			KeySchema:  keyrules.KeySchema(ix.Schema),
			Projection: d.projection(ix),
		})
	}
	for _, ix := range d.locals {
		in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, types.LocalSecondaryIndex{
			IndexName:  aws.String(ix.Name),
			KeySchema:  keyrules.KeySchema(ix.Schema),
			Projection: d.projection(ix),
		})
	}
	if err := o.apply(d, in); err != nil {
		return nil, err
	}
	return &Definition{Table: in, TTLAttribute: d.ttl, def: d, metas: slices.Clone(metas), opts: o}, nil
}

// apply validates the settings against the table and sets them on in.
func (o Settings) apply(d *tableDef, in *dynamodb.CreateTableInput) error {
	fail := func(index, format string, args ...any) error {
		e := refuse(RuleInvalidSettings, d.name, nil, format, args...)
		e.Index = index
		return e
	}
	if o.Provisioned == nil {
		if len(o.IndexCapacity) > 0 {
			return fail("", "IndexCapacity needs Provisioned: an on-demand table has no index capacity")
		}
		in.BillingMode = types.BillingModePayPerRequest
		if c := o.MaxOnDemand; c != nil {
			if err := c.check(); err != nil {
				return fail("", "on-demand maximum: %v", err)
			}
			in.OnDemandThroughput = &types.OnDemandThroughput{MaxReadRequestUnits: aws.Int64(c.Read), MaxWriteRequestUnits: aws.Int64(c.Write)}
		}
	} else {
		if o.MaxOnDemand != nil {
			return fail("", "MaxOnDemand caps an on-demand table and cannot be combined with Provisioned")
		}
		if err := o.Provisioned.check(); err != nil {
			return fail("", "table capacity: %v", err)
		}
		in.BillingMode = types.BillingModeProvisioned
		in.ProvisionedThroughput = o.Provisioned.throughput()
		for _, name := range slices.Sorted(maps.Keys(o.IndexCapacity)) {
			if !slices.ContainsFunc(d.globals, func(ix entity.Index) bool { return ix.Name == name }) {
				return fail(name, "IndexCapacity names an index that is not a global secondary index of the table")
			}
			c := o.IndexCapacity[name]
			if err := c.check(); err != nil {
				return fail(name, "index capacity: %v", err)
			}
		}
		for i := range in.GlobalSecondaryIndexes {
			g := &in.GlobalSecondaryIndexes[i]
			c, ok := o.IndexCapacity[*g.IndexName]
			if !ok {
				c = *o.Provisioned
			}
			g.ProvisionedThroughput = c.throughput()
		}
	}
	if o.TableClass != "" {
		if !slices.Contains(o.TableClass.Values(), o.TableClass) {
			return fail("", "unknown table class %q", o.TableClass)
		}
		in.TableClass = o.TableClass
	}
	if o.DeletionProtection {
		in.DeletionProtectionEnabled = aws.Bool(true)
	}
	if o.Stream != "" {
		if !slices.Contains(o.Stream.Values(), o.Stream) {
			return fail("", "unknown stream view type %q", o.Stream)
		}
		in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: o.Stream}
	}
	for _, k := range slices.Sorted(maps.Keys(o.Tags)) {
		if k == "" {
			return fail("", "empty tag key")
		}
		in.Tags = append(in.Tags, types.Tag{Key: aws.String(k), Value: aws.String(o.Tags[k])})
	}
	return nil
}

func (c Capacity) check() error {
	if c.Read < 1 || c.Write < 1 {
		return fmt.Errorf("read and write capacity must be at least 1, got %d and %d", c.Read, c.Write)
	}
	return nil
}

func (c Capacity) throughput() *types.ProvisionedThroughput {
	return &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(c.Read), WriteCapacityUnits: aws.Int64(c.Write)}
}

func (o Settings) maxWait() time.Duration {
	if o.MaxWait > 0 {
		return o.MaxWait
	}
	return DefaultMaxWait
}

// validName reports whether s is a valid DynamoDB table or index name.
func validName(s string) bool {
	if len(s) < 3 || len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '-', c == '.':
		default:
			return false
		}
	}
	return true
}

func checkTableName(name string) error {
	if name == "" {
		return refuse(RuleInvalidTable, "", nil, "empty table name")
	}
	if !validName(name) {
		return refuse(RuleInvalidTable, name, nil, "a table name is 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'")
	}
	return nil
}

func keySchemaEqual(a, b keys.Schema) bool {
	return a.Kind == b.Kind && slices.Equal(a.Partition, b.Partition) && slices.Equal(a.Sort, b.Sort)
}
