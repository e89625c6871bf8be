package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/query"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/update"
)

// User is kept current with UpdateItem, never read-modify-write: the order
// counter is incremented in place, the profile is guarded by a lock version,
// and the region/tier index moves with the attributes that feed it.
type User struct {
	entity.Model `ddb:"table=users"`
	UserID       string `dynamodbav:"userId" ddb:"pk" validate:"required"`
	Name         string `dynamodbav:"name" validate:"required,min=2"`
	Bio          string `dynamodbav:"bio,omitempty" validate:"max=160"`
	Orders       int    `dynamodbav:"orders" validate:"gte=0"`
	Region       string `dynamodbav:"region" ddb:"gsi=ByRegionTier:pk1" validate:"required"`
	Tier         string `dynamodbav:"tier" ddb:"gsi=ByRegionTier:pk2" validate:"oneof=free pro"`
	Version      int    `dynamodbav:"ver" ddb:"lock"`
}

var userMeta = entity.MustRegister[User]()

func run(ctx context.Context, client *dynamodb.Client, table string, w io.Writer) error {
	if _, err := schema.CreateTable(ctx, client, table, userMeta); err != nil {
		return err
	}
	users, err := entity.NewTable[User](client, entity.TableName(table))
	if err != nil {
		return err
	}
	ana := &User{UserID: "u-1", Name: "Ana", Region: "eu", Tier: "free"}
	if err := users.Create(ana).Run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(w, "created %s at version %d\n", ana.UserID, ana.Version)

	// 1. A counter: three orders placed, three UpdateItems, no reads.
	var n update.Counter
	for i := 0; i < 3; i++ {
		if n, err = update.Increment(ctx, users, entity.NewKey("u-1"), cond.Name("orders"), 1); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "orders counter after 3 increments: %d\n", n.Value)

	// 2. Two writers edit the profile from the same copy; the lock version
	// lets the first win and tells the second what it is now.
	first, _ := users.Get(entity.NewKey("u-1")).ConsistentRead().Run(ctx)
	second := *first
	first.Bio = "Warehouse lead"
	if err := users.Put(first).Run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(w, "writer 1 saved the bio, version now %d\n", first.Version)
	second.Name = "Ana María"
	err = users.Put(&second).Run(ctx)
	if cur, ok := entity.CurrentItem[User](err); errors.Is(err, entity.ErrConditionFailed) && ok {
		fmt.Fprintf(w, "writer 2 refused: it read version %d, the item is at version %d with bio %q\n", second.Version, cur.Version, cur.Bio)
		// Retry on the current item, keeping writer 1's change.
		cur.Name = second.Name
		if err := users.Put(cur).Run(ctx); err != nil {
			return err
		}
		fmt.Fprintf(w, "writer 2 retried on the current item: %q / %q, version %d\n", cur.Name, cur.Bio, cur.Version)
	} else {
		return fmt.Errorf("the stale write was not refused: %v", err)
	}

	// 3. Changing an index key attribute moves the item in the index.
	count := func(tier string) (int, error) {
		page, err := query.New(users).Index("ByRegionTier").Where(query.Attr("region").Eq("eu"), query.Attr("tier").Eq(tier)).Page(ctx)
		if err != nil {
			return 0, err
		}
		return len(page.Items), nil
	}
	free, _ := count("free")
	pro, _ := count("pro")
	fmt.Fprintf(w, "index eu/free has %d, eu/pro has %d\n", free, pro)
	if _, err := update.New(users, entity.NewKey("u-1")).Set(cond.Name("tier"), "pro").Run(ctx); err != nil {
		return err
	}
	free, _ = count("free")
	pro, _ = count("pro")
	fmt.Fprintf(w, "after upgrading the tier: eu/free has %d, eu/pro has %d\n", free, pro)

	// Invalid values are refused before any request.
	_, err = update.New(users, entity.NewKey("u-1")).Set(cond.Name("tier"), "gold").Run(ctx)
	fmt.Fprintf(w, "setting tier to gold: %v\n", errors.Is(err, entity.ErrValidation))
	_, err = update.New(users, entity.NewKey("u-1")).Set(cond.Name("userId"), "u-2").Run(ctx)
	var refused *entity.InputError
	fmt.Fprintf(w, "changing the key: %v\n", errors.As(err, &refused) && refused.Rule == update.RuleKeyUpdate)

	final, err := users.Get(entity.NewKey("u-1")).Run(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "final: %s %q orders=%d tier=%s version=%d\n", final.UserID, final.Name, final.Orders, final.Tier, final.Version)
	return nil
}
