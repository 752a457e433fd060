import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { ReviewerAccount, ReviewerDirectory } from '#use-cases/ports';

const isNamed = (error: unknown, name: string) => (error as { name?: unknown } | null)?.name === name;

/** Every page of a paginated listing, its token passed back until none comes. */
async function allPages<T>(page: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>) {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const answer = await page(token);
    items.push(...answer.items);
    token = answer.next;
  } while (token);
  return items;
}

const emailIn = (attributes: AttributeType[] | undefined) => attributes?.find((a) => a.Name === 'email')?.Value ?? null;

/**
 * The ops user pool as the reviewers' directory: its users are the accounts, members of the
 * admins' group the admins. A new account gets Cognito's invitation (a temporary password by
 * email); disabling one stops its sign-in.
 */
export function cognitoReviewers(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  adminGroup: string,
): ReviewerDirectory {
  const account = (user: UserType, attributes: AttributeType[] | undefined, admin: boolean): ReviewerAccount => ({
    name: user.Username ?? '',
    email: emailIn(attributes),
    admin,
    enabled: user.Enabled ?? false,
    createdAt: user.UserCreateDate?.toISOString() ?? null,
  });
  const admins = () =>
    allPages(async (NextToken) => {
      const answer = await client.send(
        new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: adminGroup, Limit: 60, NextToken }),
      );
      return { items: (answer.Users ?? []).map((u) => u.Username ?? ''), next: answer.NextToken };
    });
  return {
    async list() {
      const [users, adminNames] = await Promise.all([
        allPages(async (PaginationToken) => {
          const answer = await client.send(
            new ListUsersCommand({ UserPoolId: userPoolId, Limit: 60, PaginationToken }),
          );
          return { items: answer.Users ?? [], next: answer.PaginationToken };
        }),
        admins(),
      ]);
      const adminSet = new Set(adminNames);
      return users.map((u) => account(u, u.Attributes, adminSet.has(u.Username ?? '')));
    },

    async get(name) {
      try {
        const [user, groups] = await Promise.all([
          client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: name })),
          client.send(new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: name, Limit: 60 })),
        ]);
        return account(
          { Username: user.Username, Enabled: user.Enabled, UserCreateDate: user.UserCreateDate },
          user.UserAttributes,
          (groups.Groups ?? []).some((g) => g.GroupName === adminGroup),
        );
      } catch (error) {
        if (isNamed(error, 'UserNotFoundException')) return null;
        throw error;
      }
    },

    async create({ name, email, admin }) {
      try {
        await client.send(
          new AdminCreateUserCommand({
            UserPoolId: userPoolId,
            Username: name,
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
      } catch (error) {
        if (isNamed(error, 'UsernameExistsException')) return 'EXISTS';
        throw error;
      }
      if (admin)
        await client.send(
          new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: name, GroupName: adminGroup }),
        );
      return 'CREATED';
    },

    async update(name, { admin, enabled }) {
      const Username = name;
      try {
        if (enabled !== undefined)
          await client.send(
            enabled
              ? new AdminEnableUserCommand({ UserPoolId: userPoolId, Username })
              : new AdminDisableUserCommand({ UserPoolId: userPoolId, Username }),
          );
        if (admin !== undefined) {
          const group = { UserPoolId: userPoolId, Username, GroupName: adminGroup };
          await client.send(admin ? new AdminAddUserToGroupCommand(group) : new AdminRemoveUserFromGroupCommand(group));
        }
        return 'UPDATED';
      } catch (error) {
        if (isNamed(error, 'UserNotFoundException')) return 'NOT_FOUND';
        throw error;
      }
    },
  };
}
