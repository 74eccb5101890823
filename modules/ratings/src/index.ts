/** The ratings module (好差评): ratings of cases, rectification of bad ratings, public statistics. */
export {
  createRatingsModule,
  createRatingsService,
  RATINGS_EVENTS,
  type RatingsModule,
  type RatingsService,
  type RatingsDeps,
  type Notify,
  type Notification,
} from './ratings.module.ts';
export { RatingsErrors, RATINGS_ACTION_NAMES } from './errors.ts';
export { CASES_TOPICS } from './events.ts';
export { SCORE_LABELS, bandOf, isBad } from './labels.ts';
export { ratingsMigrations } from '../migrations/index.ts';
