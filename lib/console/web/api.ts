/** The ops API as the console calls it: JSON in and out, the reviewer's bearer token on every call. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null = null,
    /** Why a queue change was refused (`CLAIMED_BY_OTHER`, …), for the reviewer's language. */
    readonly code: string | null = null,
    readonly claimedBy: string | null = null,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

/**
 * `signInAgain` is asked when the API answers 401 (the token expired): it resolves true once the
 * reviewer holds a new token, and the request is sent once more with it, so nothing the reviewer
 * was doing is lost; false, and the 401 stands.
 */
export function createApi(baseUrl: string, token: () => string | null, signInAgain: () => Promise<boolean>): Api {
  const call = async <T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    retried = false,
  ): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token() ?? ''}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiError(0, `the ops API cannot be reached (${(error as Error).message})`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (response.status === 401 && !retried && (await signInAgain())) return call(method, path, body, headers, true);
    if (!response.ok) {
      const { error, message, field, code, claimedBy } = (json ?? {}) as {
        error?: string;
        message?: string;
        field?: string | null;
        code?: string;
        claimedBy?: string;
      };
      throw new ApiError(
        response.status,
        error ?? message ?? `HTTP ${response.status}`,
        field ?? null,
        code ?? null,
        claimedBy ?? null,
      );
    }
    return json as T;
  };
  return {
    get: (path, query = {}) => {
      const params = new URLSearchParams(
        Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
      );
      const search = params.toString();
      return call('GET', search ? `${path}?${search}` : path);
    },
    post: (path, body, headers) => call('POST', path, body ?? {}, headers),
  };
}
