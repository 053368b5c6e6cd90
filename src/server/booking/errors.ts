import { ContractError } from '../http/errors.js';

/** A booking refusal with the contract's status, code and message (and, for validation, fields). */
export class BookingError extends ContractError {
  constructor(
    override readonly status: 400 | 401 | 404 | 409 | 422,
    code: string,
    message: string,
    fields?: Record<string, string>,
    extra?: Record<string, unknown>,
  ) {
    super(status, code, message, fields, extra);
    this.name = 'BookingError';
  }
}
