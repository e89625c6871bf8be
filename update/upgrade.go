package update

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/capacity"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/internal/outcome"
	"github.com/dynamodel/dynamodel/internal/upgrade"
)

// An update's condition requires the item to be at the model's schema
// version, so that one UpdateItem never leaves an item half migrated (new
// attributes written next to old ones that a read would upgrade away). An
// item at the current version costs nothing more: one request. When the
// condition fails against an older item (DynamoDB returns it with the
// failure, so no read is needed), send upgrades that item in place with the
// steps and defaults every read applies (package internal/upgrade: one
// conditional UpdateItem, only the attributes the upgrade changes) and
// sends the same request again. Each round either finds the item current
// or upgrades it; a round is needed again only when an older writer put
// the item back at an older version in between, so the rounds are bounded.

// maxUpgradeRounds bounds how often send upgrades the item and sends the
// update again.
const maxUpgradeRounds = 3

// send sends in, upgrading the stored item first when it is at an older
// schema version.
func (u *Update[T]) send(ctx context.Context, in *dynamodb.UpdateItemInput, roots []string) (*Result[T], error) {
	var (
		cc       *types.ConsumedCapacity
		requests int
		from     int
	)
	finish := func(res *Result[T]) *Result[T] {
		res.Requests, res.UpgradedFrom = requests, from
		if from != 0 {
			res.ConsumedCapacity = capacity.Add(cc, res.ConsumedCapacity)
		}
		return res
	}
	for round := 0; ; round++ {
		attempts := new(outcome.Attempts)
		requests++
		out, err := u.client.UpdateItem(ctx, in, u.retryOption(attempts))
		if err == nil {
			res, err := u.result(out, roots)
			if err != nil {
				return nil, err
			}
			return finish(res), nil
		}
		// A false condition against an item at another version is about
		// the version first: this update cannot have been applied (it
		// would have left the item at the model's version), even if an
		// attempt's response was lost.
		raw, stale := upgrade.Stale(u.meta, err)
		if !stale {
			if attempts.MayHaveApplied() {
				res, err := u.lostResponse(in, roots, err)
				if err != nil {
					return nil, err
				}
				return finish(res), nil
			}
			return nil, model.TableOf(u.table).WriteError("UpdateItem", in.Key, err, u.checks())
		}
		if round == maxUpgradeRounds {
			stored := 0
			if _, v, _ := u.meta.UpgradeItem(u.table.Name(), raw); v > 0 {
				stored = v
			}
			return nil, &entity.UpgradeError{Table: u.table.Name(), Key: model.FormatKey(in.Key), Stored: stored, Model: u.meta.Version(),
				Err: fmt.Errorf("%w: the item went back to an older schema version %d times", entity.ErrConditionFailed, maxUpgradeRounds)}
		}
		up, uerr := upgrade.Item(ctx, u.client, u.meta, u.table.Name(), raw, u.capacity)
		requests += up.Requests
		cc = capacity.Add(cc, up.Capacity)
		if from == 0 {
			from = up.From
		}
		if errors.Is(uerr, upgrade.ErrOtherType) {
			return nil, model.TableOf(u.table).WriteError("UpdateItem", in.Key, err, u.checks())
		}
		if uerr != nil {
			return nil, uerr
		}
	}
}

// result decodes what a successful UpdateItem returned.
func (u *Update[T]) result(out *dynamodb.UpdateItemOutput, roots []string) (*Result[T], error) {
	res := &Result[T]{Raw: out.Attributes, ConsumedCapacity: out.ConsumedCapacity}
	if len(out.Attributes) == 0 {
		return res, nil
	}
	res.Item = new(T)
	opts := model.DecodeOptions{}
	switch u.ret {
	case types.ReturnValueUpdatedNew, types.ReturnValueUpdatedOld:
		opts = model.DecodeOptions{Projected: roots, NoMetadata: true}
	}
	if err := model.Of(u.meta).Decode(u.table.Name(), out.Attributes, res.Item, opts); err != nil {
		return nil, err
	}
	return res, nil
}
