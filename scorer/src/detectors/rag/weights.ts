/**
 * The indirect-injection model: logistic-regression weights over `FEATURES` (features.ts), trained by
 * `npm run train:rag` on the BIPIA training file (MIT; see ../shared/data/train) and the hand-written
 * augmentation in bench/data/rag-augment.json. Generated: do not edit.
 * The bias is shifted so that a document at the operating threshold scores 0.8.
 */
import type { LinearModel } from './train';

export const RAG_MODEL: LinearModel = {
  weights: [
    3.883941, // out_ref
    1.361545, // code_ref
    0.140251, // imperative
    2.420649, // question
    3.375917, // ai_named
    8.999340, // override
    3.365229, // audience
    2.229017, // format
    4.400210, // following
    1.954819, // link
    2.094599, // offtopic
    2.924903, // imperative_offtopic
    2.900094, // question_offtopic
    -0.030356, // imperative_ref
    2.943745, // following_ref
    1.085950, // respond
    4.002911, // exfil
    0.297400, // modal_you
    2.010054, // urgency
    -0.751285, // second_person
    3.347798, // ai_you
    3.024567, // instruction_noun
    0.556779, // format_ref
    -2.075732, // short
    2.344278, // novel
    2.809687, // task_request
    0.586229, // request_you
    8.412563, // addressed
    7.690658, // persona
    7.536832, // markup
    6.100579, // secrecy
    5.939224, // conditional_order
    -1.552645, // situational
  ],
  bias: -6.179540,
};
