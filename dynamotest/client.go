package dynamotest

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Fixed connection settings used by [NewClient]. DynamoDB Local keeps a
// separate in-memory database per access key and region, so all clients use
// the same ones.
const (
	Region          = "us-east-1"
	AccessKeyID     = "dynamodel" // DynamoDB Local requires an alphanumeric key id
	SecretAccessKey = "local"
)

// NewClient returns a DynamoDB client for endpoint (such as
// "http://127.0.0.1:8000") with region [Region] and static credentials
// [AccessKeyID]/[SecretAccessKey]. Client-side retry rate limiting is off,
// as it only gets in the way against a local server. optFns may adjust the
// options further.
func NewClient(endpoint string, optFns ...func(*dynamodb.Options)) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		Region:       Region,
		BaseEndpoint: aws.String(endpoint),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{
				AccessKeyID:     AccessKeyID,
				SecretAccessKey: SecretAccessKey,
				Source:          "dynamotest",
			}, nil
		}),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.RateLimiter = ratelimit.None
		}),
	}, optFns...)
}
