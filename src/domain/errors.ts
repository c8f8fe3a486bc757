/** A field-level validation failure, as reported in problem+json `errors`. */
export interface FieldError {
  path: string;
  message: string;
}

/** Base of every expected failure; the HTTP layer maps `status` and `code` once, in one place. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id?: string) {
    super(404, 'not_found', id ? `No ${entity} with id ${id}.` : `${entity} not found.`);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}) {
    super(409, code, message, [], extra);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Your role may not do this.') {
    super(403, 'forbidden', message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'A valid bearer token is required.') {
    super(401, 'unauthorized', message);
  }
}

/** Input that is well-formed but breaks a domain rule (422), naming the field at fault. */
export class InvalidError extends DomainError {
  constructor(path: string, message: string, code = 'invalid') {
    super(422, code, message, [{ path, message }]);
  }
}

/** A value no request may carry, whatever the state (an unknown language, a sign language by phone): 400, as a schema failure. */
export class BadRequestError extends DomainError {
  constructor(path: string, message: string, code: string, extra: Record<string, unknown> = {}) {
    super(400, code, message, [{ path, message }], extra);
  }
}
