// Package upgrade brings one stored item of an older schema version to the
// model's current version in place, for writes that require the current
// version (an UpdateItem, a transaction's update): they fail their
// condition against an older item, upgrade it with this package, and send
// the same request again.
//
// The upgrade is the one every read applies (entity.Meta.UpgradeItem: the
// declared steps, then defaults), written with one UpdateItem that SETs and
// REMOVEs only the attributes it changes, plus "_v". Its condition is that
// the item is still exactly as it was read: the same stored version (no
// "_v" for an item written before versions were stamped), every attribute
// it had still holding the same value, and every attribute the upgrade adds
// still absent. Conditioning on the changed attributes alone would not be
// enough, because a step may compute an attribute from another one that it
// leaves alone: a writer that changed that one in between would see its
// change kept but the upgrade computed from the value it replaced. When the
// condition fails, the item returned with the failure is upgraded again
// (another writer changed it), or is found current (another writer upgraded
// it), a bounded number of times.
//
// The write changes the item's representation, not what it reads as, so it
// leaves the lock version alone: a reader holding the lock version of the
// older item still holds the current one. It is idempotent by its condition:
// when its response is lost and the SDK sends it again, the second attempt
// finds the item at the current version and fails its condition, which
// counts as done.
package upgrade

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/avequal"
	"github.com/dynamodel/dynamodel/internal/capacity"
	"github.com/dynamodel/dynamodel/internal/model"
)

// UpdateAPI is the operation the upgrade writes with.
type UpdateAPI interface {
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
}

// MaxWrites bounds the upgrade writes for one item: each one that fails
// its condition was beaten by another writer's change to the older item.
const MaxWrites = 5

// maxExpression is DynamoDB's limit on an expression string.
const maxExpression = 4096

// Outcome is what upgrading an item took.
type Outcome struct {
	// From is the version the item was stored at when first seen; 0 when
	// it was found current (nothing was written).
	From int
	// Requests is the number of UpdateItem requests sent.
	Requests int
	// Capacity sums the capacity the requests reported (when asked for
	// with mode); nil when none did.
	Capacity *types.ConsumedCapacity
}

// Stale reports whether a write's failure is a false condition against an
// item that is not at meta's version (an older one, a newer one, or an
// unreadable "_v"), and returns that item as stored. Such a failure says
// nothing yet about the write's own condition: the item must be upgraded
// first (or the write refused, for a newer item).
func Stale(meta *entity.Meta, err error) (map[string]types.AttributeValue, bool) {
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) || len(ccf.Item) == 0 {
		return nil, false
	}
	return ccf.Item, !Current(meta, ccf.Item)
}

// Current reports whether a stored item is at meta's version.
func Current(meta *entity.Meta, raw map[string]types.AttributeValue) bool {
	want := meta.Version()
	av, ok := raw[entity.VersionAttribute]
	if !ok {
		return want == 1
	}
	n, ok := av.(*types.AttributeValueMemberN)
	if !ok {
		return false
	}
	v, err := strconv.Atoi(n.Value)
	return err == nil && v == want
}

// ErrOtherType is returned by Item for an item of another entity type: its
// version is none of this model's business, and the write's condition
// failure stands as it is.
var ErrOtherType = errors.New("upgrade: the item is of another entity type")

// Item upgrades raw, an item of table as a failed condition returned it,
// to meta's version. It returns when the item is current, whoever made it
// so, or when it is gone (the caller's own request then reports that).
// Every other failure is an *entity.UpgradeError naming both versions,
// except ErrOtherType.
func Item(ctx context.Context, client UpdateAPI, meta *entity.Meta, table string, raw map[string]types.AttributeValue, mode types.ReturnConsumedCapacity) (Outcome, error) {
	var out Outcome
	version := meta.Version()
	m := model.Of(meta)
	fail := func(stored int, err error) (Outcome, error) {
		return out, &entity.UpgradeError{Table: table, Key: model.FormatKey(m.KeyOf(raw)), Stored: stored, Model: version, Err: err}
	}
	for {
		if Current(meta, raw) {
			return out, nil
		}
		// Write only what reads back: the item, as every read upgrades,
		// decodes and validates it. This also checks its entity type
		// before any upgrade step of this model runs on it.
		readErr := m.Decode(table, raw, reflect.New(meta.GoType()).Interface(), model.DecodeOptions{})
		if errors.Is(readErr, entity.ErrEntityType) {
			return out, ErrOtherType
		}
		up, stored, err := meta.UpgradeItem(table, raw)
		if err != nil {
			return fail(stored, err)
		}
		if readErr != nil {
			return fail(stored, readErr)
		}
		if out.From == 0 {
			out.From = stored
		}
		if out.Requests == MaxWrites {
			return fail(stored, fmt.Errorf("%w: the item changed %d times while it was being upgraded", entity.ErrConditionFailed, MaxWrites))
		}
		in, err := Request(meta, table, raw, up, mode)
		if err != nil {
			return fail(stored, err)
		}
		out.Requests++
		res, err := client.UpdateItem(ctx, in)
		if err == nil {
			out.Capacity = capacity.Add(out.Capacity, res.ConsumedCapacity)
			return out, nil
		}
		var ccf *types.ConditionalCheckFailedException
		if !errors.As(err, &ccf) {
			return fail(stored, fmt.Errorf("dynamodel: UpdateItem %s: %w", table, err))
		}
		if len(ccf.Item) == 0 {
			return out, nil // deleted meanwhile
		}
		raw = ccf.Item // changed meanwhile: upgrade what is there now
	}
}

// Request builds the upgrade write that turns raw, an item as stored, into
// up, the same item at the model's version, on condition that it is still
// raw. Names and values are all placeholders; attributes are in name order,
// so the same item gives the same request.
func Request(meta *entity.Meta, table string, raw, up map[string]types.AttributeValue, mode types.ReturnConsumedCapacity) (*dynamodb.UpdateItemInput, error) {
	pk := meta.PrimaryKey()
	names := map[string]string{}
	values := map[string]types.AttributeValue{}
	name := func(attr string) string {
		ph := "#a" + strconv.Itoa(len(names))
		names[ph] = attr
		return ph
	}
	value := func(av types.AttributeValue) string {
		ph := ":v" + strconv.Itoa(len(values))
		values[ph] = av
		return ph
	}
	all := make([]string, 0, len(raw)+len(up))
	for a := range raw {
		all = append(all, a)
	}
	for a := range up {
		if _, ok := raw[a]; !ok {
			all = append(all, a)
		}
	}
	slices.Sort(all)

	var set, remove []string
	conds := []string{"attribute_exists(" + name(pk.At(0).Name) + ")"}
	for _, a := range all {
		old, had := raw[a]
		now, has := up[a]
		if pk.Has(a) {
			if !has || !avequal.Equal(old, now) {
				return nil, fmt.Errorf("the upgrade changes the primary key attribute %s, which UpdateItem cannot; rewrite such items with a Delete and a Put", a)
			}
			continue
		}
		ph := name(a)
		switch {
		case a == entity.VersionAttribute:
			set = append(set, ph+" = "+value(now))
			if had {
				conds = append(conds, ph+" = "+value(old))
			} else {
				conds = append(conds, "attribute_not_exists("+ph+")")
			}
			continue
		case !had:
			set = append(set, ph+" = "+value(now))
			conds = append(conds, "attribute_not_exists("+ph+")")
			continue
		case !has:
			remove = append(remove, ph)
		case !avequal.Equal(old, now):
			set = append(set, ph+" = "+value(now))
		}
		conds = append(conds, ph+" = "+value(old))
	}
	update := "SET " + strings.Join(set, ", ")
	if len(remove) > 0 {
		update += " REMOVE " + strings.Join(remove, ", ")
	}
	condition := strings.Join(conds, " AND ")
	if len(update) > maxExpression || len(condition) > maxExpression {
		return nil, fmt.Errorf("the item has too many attributes to upgrade with one UpdateItem (its expressions would be %d and %d bytes, over DynamoDB's %d); upgrade it with a read and a Put", len(update), len(condition), maxExpression)
	}
	return &dynamodb.UpdateItemInput{
		TableName:                           aws.String(table),
		Key:                                 model.Of(meta).KeyOf(raw),
		UpdateExpression:                    aws.String(update),
		ConditionExpression:                 aws.String(condition),
		ExpressionAttributeNames:            names,
		ExpressionAttributeValues:           values,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
		ReturnConsumedCapacity:              mode,
	}, nil
}
