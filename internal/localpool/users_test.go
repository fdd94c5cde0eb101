package localpool

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
)

func TestGetUser(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	sub := p.signUp(number)
	res := p.signIn(number)

	out, err := p.client.GetUser(testContext(t), &cip.GetUserInput{AccessToken: res.AccessToken})
	if err != nil {
		t.Fatalf("GetUser: %v", err)
	}
	if aws.ToString(out.Username) != sub {
		t.Errorf("Username = %q, want %q", aws.ToString(out.Username), sub)
	}
	requireAttributes(t, out.UserAttributes, map[string]string{"sub": sub, "phone_number": number, "phone_number_verified": "false"})

	_, err = p.client.GetUser(testContext(t), &cip.GetUserInput{AccessToken: aws.String("not.a.token")})
	requireAPIError(t, err, "NotAuthorizedException", "Invalid Access Token")
}

func TestAdminGetUser(t *testing.T) {
	p := startPool(t, Options{})
	number := newPhone()
	sub := p.signUp(number)
	for _, name := range []string{sub, number} {
		out, err := p.client.AdminGetUser(testContext(t), &cip.AdminGetUserInput{UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(name)})
		if err != nil {
			t.Fatalf("AdminGetUser %s: %v", name, err)
		}
		if aws.ToString(out.Username) != sub || out.UserStatus != types.UserStatusTypeConfirmed || !out.Enabled || out.UserCreateDate == nil {
			t.Errorf("AdminGetUser %s = %+v", name, out)
		}
		requireAttributes(t, out.UserAttributes, map[string]string{"sub": sub, "phone_number": number, "phone_number_verified": "false"})
	}

	_, err := p.client.AdminGetUser(testContext(t), &cip.AdminGetUserInput{UserPoolId: aws.String(p.srv.UserPoolID()), Username: aws.String(newPhone())})
	requireAPIError(t, err, "UserNotFoundException", "User does not exist.")
	_, err = p.client.AdminGetUser(testContext(t), &cip.AdminGetUserInput{UserPoolId: aws.String("us-east-1_Other"), Username: aws.String(sub)})
	requireAPIError(t, err, "ResourceNotFoundException", "User pool us-east-1_Other does not exist.")
}

func TestListUsers(t *testing.T) {
	p := startPool(t, Options{})
	numbers := []string{"+15555550001", "+15555550002", "+15555559999"}
	subs := map[string]string{}
	for _, n := range numbers {
		subs[n] = p.signUp(n)
	}
	list := func(filter string, limit int32, token *string) *cip.ListUsersOutput {
		t.Helper()
		out, err := p.client.ListUsers(testContext(t), &cip.ListUsersInput{
			UserPoolId: aws.String(p.srv.UserPoolID()), Filter: aws.String(filter), Limit: aws.Int32(limit), PaginationToken: token,
		})
		if err != nil {
			t.Fatalf("ListUsers %q: %v", filter, err)
		}
		return out
	}
	usernames := func(out *cip.ListUsersOutput) []string {
		var names []string
		for _, u := range out.Users {
			names = append(names, aws.ToString(u.Username))
		}
		return names
	}
	cases := []struct {
		filter string
		want   []string
	}{
		{"", []string{subs[numbers[0]], subs[numbers[1]], subs[numbers[2]]}},
		{`phone_number = "+15555550002"`, []string{subs[numbers[1]]}},
		{`phone_number ^= "+155555500"`, []string{subs[numbers[0]], subs[numbers[1]]}},
		{`phone_number="+15555559999"`, []string{subs[numbers[2]]}},
		{`sub = "` + subs[numbers[2]] + `"`, []string{subs[numbers[2]]}},
		{`sub ^= "` + subs[numbers[0]][:8] + `"`, []string{subs[numbers[0]]}},
		{`cognito:user_status = "CONFIRMED"`, []string{subs[numbers[0]], subs[numbers[1]], subs[numbers[2]]}},
		{`phone_number = "+19999999999"`, nil},
	}
	for _, c := range cases {
		got := usernames(list(c.filter, 0, nil))
		if len(got) != len(c.want) {
			t.Errorf("filter %q: %v, want %v", c.filter, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("filter %q: %v, want %v", c.filter, got, c.want)
			}
		}
	}

	first := list("", 2, nil)
	if len(first.Users) != 2 || first.PaginationToken == nil {
		t.Fatalf("Limit 2: %d users, token %v", len(first.Users), first.PaginationToken)
	}
	rest := list("", 2, first.PaginationToken)
	if got := usernames(rest); len(got) != 1 || got[0] != subs[numbers[2]] || rest.PaginationToken != nil {
		t.Errorf("second page: %v, token %v", got, rest.PaginationToken)
	}

	for _, bad := range []string{`phone_number == "x"`, `phone_number = x`, `nickname = "x"`} {
		_, err := p.client.ListUsers(testContext(t), &cip.ListUsersInput{UserPoolId: aws.String(p.srv.UserPoolID()), Filter: aws.String(bad)})
		requireAPIError(t, err, "InvalidParameterException", "")
	}
}

func requireAttributes(t *testing.T, attrs []types.AttributeType, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, a := range attrs {
		got[aws.ToString(a.Name)] = aws.ToString(a.Value)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("attribute %s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("attributes %v, want %v", got, want)
	}
}
